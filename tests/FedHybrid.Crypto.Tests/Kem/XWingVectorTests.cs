using FedHybrid.Crypto.Hpke;
using FedHybrid.Crypto.Tests.Hpke;
using Xunit;

namespace FedHybrid.Crypto.Tests.Kem;

/// <summary>The X-Wing draft's vectors (spec/test-vectors.json of draft-connolly-cfrg-xwing-kem):
/// key generation from the seed, derandomized encapsulation, decapsulation.</summary>
public sealed class XWingVectorTests
{
    public static TheoryData<int> Vectors()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < VectorFile.Load("xwing", "test-vectors.json").GetArrayLength(); i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_matches(int index)
    {
        var v = VectorFile.Load("xwing", "test-vectors.json")[index];
        var kem = HpkeSuite.Kem(KemId.XWing);
        byte[] sk = v.Hex("sk");
        Assert.Equal(v.Hex("seed"), sk); // the private key is the seed
        Assert.Equal(v.Hex("pk"), kem.PublicKeyOf(sk));

        var (ss, ct) = ((IDerandomizedKem)kem).EncapDerand(v.Hex("pk"), v.Hex("eseed"));
        Assert.Equal(v.Hex("ct"), ct);
        Assert.Equal(v.Hex("ss"), ss);
        Assert.Equal(v.Hex("ss"), kem.Decap(v.Hex("ct"), sk));
    }

    [Fact]
    public void Sizes_are_the_drafts()
    {
        var kem = HpkeSuite.Kem(KemId.XWing);
        Assert.Equal((1216, 32, 1120, 32, false),
            (kem.PublicKeySize, kem.PrivateKeySize, kem.EncapsulatedKeySize, kem.SharedSecretSize, kem.SupportsAuth));
        var pair = kem.GenerateKeyPair();
        Assert.Equal(kem.PublicKeySize, pair.PublicKey.Length);
        Assert.Equal(kem.PrivateKeySize, pair.PrivateKey.Length);
    }

    [Fact]
    public void DeriveKeyPair_is_shake256_of_ikm_then_keygen()
    {
        var kem = HpkeSuite.Kem(KemId.XWing);
        byte[] ikm = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var pair = kem.DeriveKeyPair(ikm);
        var shake = new Org.BouncyCastle.Crypto.Digests.ShakeDigest(256);
        shake.BlockUpdate(ikm);
        var expected = new byte[32];
        shake.OutputFinal(expected);
        Assert.Equal(expected, pair.PrivateKey);
        Assert.Equal(kem.PublicKeyOf(expected), pair.PublicKey);
        Assert.Equal(pair, kem.DeriveKeyPair(ikm) with { }, KeyPairComparer.Instance);
    }

    private sealed class KeyPairComparer : IEqualityComparer<KemKeyPair>
    {
        public static readonly KeyPairComparer Instance = new();
        public bool Equals(KemKeyPair? x, KemKeyPair? y) =>
            x!.PrivateKey.SequenceEqual(y!.PrivateKey) && x.PublicKey.SequenceEqual(y.PublicKey);
        public int GetHashCode(KemKeyPair obj) => obj.PublicKey.Length;
    }
}
