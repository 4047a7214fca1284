using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Signatures;

public sealed class SignatureRoundTripTests
{
    public static TheoryData<SignatureAlgorithm> Algorithms() => new(Enum.GetValues<SignatureAlgorithm>());

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SignsVerifiesAndRejectsTampering(SignatureAlgorithm algorithm)
    {
        var key = TestKeys.Signer(algorithm);
        var message = "fedhybrid update, round 3"u8.ToArray();
        var signature = key.Sign(message);
        Assert.Equal(key.SignatureSize, signature.Length);
        Assert.Equal(algorithm, key.VerificationKey.Algorithm);
        Assert.True(key.VerificationKey.Verify(message, signature));

        var flippedMessage = (byte[])message.Clone();
        flippedMessage[^1] ^= 1;
        Assert.False(key.VerificationKey.Verify(flippedMessage, signature));
        var flippedSignature = (byte[])signature.Clone();
        flippedSignature[signature.Length / 2] ^= 0x10;
        Assert.False(key.VerificationKey.Verify(message, flippedSignature));
        Assert.False(key.VerificationKey.Verify(message, signature[..^1]));
        Assert.False(TestKeys.Signer(algorithm, 1).VerificationKey.Verify(message, signature));
    }

    [Fact]
    public void NamesParseAndUnknownNamesListTheValidOnes()
    {
        foreach (var algorithm in Enum.GetValues<SignatureAlgorithm>())
            Assert.Equal(algorithm, SignatureAlgorithms.Parse(SignatureAlgorithms.NameOf(algorithm).ToUpperInvariant()));
        var error = Assert.Throws<ArgumentException>(() => SignatureAlgorithms.Parse("dsa"));
        foreach (var name in SignatureAlgorithms.ValidNames)
            Assert.Contains(name, error.Message);
    }
}
