using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class MaskPrgTests
{
    // NIST SP 800-38A F.5.5's AES-256 key.
    static readonly byte[] NistKey = Convert.FromHexString("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");

    [Fact]
    public void TheStreamIsAes256CtrFromAZeroCounterAsOpenSslComputesIt()
    {
        // head -c 80 /dev/zero | openssl enc -aes-256-ctr -K 603deb...dff4 -iv 00000000000000000000000000000000 | xxd -p -c 80
        var expected = Convert.FromHexString(
            "e568f68194cf76d6174d4cc04310a85491151e5d0b7a1f1bc0d7acd0ae3e51e4170e23d1735cd2d579e63a887bc9c813" +
            "480d3ceda63605659579b51694e2b82e019b0e48c439594259bf9d1bfe7e0c14");
        var stream = new byte[80];
        MaskPrg.ExpandBytes(NistKey, 0, stream);
        Assert.Equal(expected, stream);
        // The words are the same bytes read little-endian.
        var words = new uint[20];
        MaskPrg.Expand(NistKey, words);
        Assert.Equal(BitConverter.ToUInt32(expected, 0), words[0]);
        Assert.Equal(BitConverter.ToUInt32(expected, 76), words[19]);
    }

    [Fact]
    public void TheZeroKeyOnTheZeroBlockIsTheKnownAnswer()
    {
        // AES-256, all-zero key and block: dc95c078a2408989ad48a21492842087 (also openssl, as above).
        var stream = new byte[16];
        MaskPrg.ExpandBytes(new byte[32], 0, stream);
        Assert.Equal(Convert.FromHexString("dc95c078a2408989ad48a21492842087"), stream);
    }

    [Fact]
    public void TheCounterIsBigEndian()
    {
        // ... | openssl enc -aes-256-ctr -K 603deb...dff4 -iv 0000000000000000ffffffffffffffff: its first block.
        var stream = new byte[16];
        MaskPrg.ExpandBytes(NistKey, ulong.MaxValue, stream);
        Assert.Equal(Convert.FromHexString("289e23e13ec8c34291f27c4ccf3eaa29"), stream);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(32_768)]
    [InlineData(100_003)]
    public void AnyLengthIsAPrefixOfTheSameStreamAcrossChunks(int length)
    {
        var longer = new uint[100_010];
        MaskPrg.Expand(NistKey, longer);
        var part = new uint[length];
        MaskPrg.Expand(NistKey, part);
        Assert.Equal(longer.AsSpan(0, length).ToArray(), part);
    }

    [Fact]
    public void AddThenSubtractRestoresTheVectorAndAddIsTheExpansion()
    {
        var values = Enumerable.Range(0, 40_001).Select(i => (uint)(i * 2654435761u)).ToArray();
        var work = (uint[])values.Clone();
        MaskPrg.AddTo(NistKey, work);
        var stream = new uint[values.Length];
        MaskPrg.Expand(NistKey, stream);
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(unchecked(values[i] + stream[i]), work[i]);
        MaskPrg.SubtractFrom(NistKey, work);
        Assert.Equal(values, work);
    }

    [Fact]
    public void ASeedOfTheWrongLengthIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => MaskPrg.Expand(new byte[16], new uint[4]));
        Assert.Contains("32 bytes", e.Message);
    }

    [Fact]
    public void TheSeededGeneratorReadsTheStreamInOrder()
    {
        var whole = new byte[5000];
        MaskPrg.ExpandBytes(NistKey, 0, whole);
        using var rng = new PrgRandomNumberGenerator(NistKey);
        var a = new byte[3];
        var b = new byte[4997];
        rng.GetBytes(a);
        rng.GetBytes(b);
        Assert.Equal(whole, a.Concat(b).ToArray());
    }
}
