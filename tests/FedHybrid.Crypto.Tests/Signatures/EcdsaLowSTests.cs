using System.Buffers.Binary;
using System.Numerics;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Tests.Envelopes;

namespace FedHybrid.Crypto.Tests.Signatures;

/// <summary>ECDSA is malleable: (r, n - s) verifies wherever (r, s) does. FedHybrid signs with low s and
/// refuses high s (docs/envelope.md 1.4), so an envelope's signature has exactly one encoding.</summary>
public sealed class EcdsaLowSTests
{
    static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    /// <summary>(r, s) to (r, n - s), computed independently of the code under test.</summary>
    static byte[] Flip(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (byte[])signature.Clone();
        var other = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        flipped.AsSpan(32).Clear();
        other.CopyTo(flipped.AsSpan(64 - other.Length));
        return flipped;
    }

    static bool IsHigh(byte[] signature) => new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true) > N / 2;

    [Fact]
    public void EverySignatureHasLowS()
    {
        var key = TestKeys.Signer(SignatureAlgorithm.EcdsaP256Sha256);
        for (int i = 0; i < 64; i++)
        {
            var signature = key.Sign(BitConverter.GetBytes(i));
            Assert.False(IsHigh(signature), $"signature {i} has high s");
            Assert.True(key.VerificationKey.Verify(BitConverter.GetBytes(i), signature));
        }
    }

    [Fact]
    public void TheHighSTwinOfAValidSignatureIsRefused()
    {
        var key = TestKeys.Signer(SignatureAlgorithm.EcdsaP256Sha256);
        var message = "message"u8.ToArray();
        var signature = key.Sign(message);
        var twin = Flip(signature);
        Assert.True(IsHigh(twin));
        Assert.True(key.VerificationKey.Verify(message, signature));
        Assert.False(key.VerificationKey.Verify(message, twin));
    }

    [Fact]
    public void AnEnvelopeWhoseSignatureWasFlippedToHighSIsRefused()
    {
        var signer = TestKeys.Signer(SignatureAlgorithm.EcdsaP256Sha256);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        using var sealer = new EnvelopeSealer("client", signer);
        var envelope = sealer.Seal("run", 1, new EnvelopeRecipient("coordinator", identity.Recipient), "update"u8);
        var layout = EnvelopeLayout.Of(envelope);
        Assert.Equal(64, BinaryPrimitives.ReadUInt16BigEndian(envelope.AsSpan(layout.SignatureAt)));
        var flipped = (byte[])envelope.Clone();
        Flip(envelope[(layout.SignatureAt + 2)..]).CopyTo(flipped, layout.SignatureAt + 2);

        var expected = new ExpectedEnvelope("run", 1, "client", signer.VerificationKey);
        Assert.Equal("update"u8.ToArray(), new EnvelopeOpener("coordinator", identity).Open(envelope, expected).Plaintext);
        Assert.Throws<AuthenticationFailedException>(() => new EnvelopeOpener("coordinator", identity).Open(flipped, expected));
    }
}
