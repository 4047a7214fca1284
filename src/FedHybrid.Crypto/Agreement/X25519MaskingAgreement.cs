using System.Security.Cryptography;
using X25519Curve = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace FedHybrid.Crypto.Agreement;

/// <summary>X25519 (RFC 7748) Diffie-Hellman between the two ends' per-round keys; nothing is relayed
/// but the advertised public keys.</summary>
internal sealed class X25519MaskingAgreement : MaskingAgreement
{
    public override string Name => "x25519";

    public override int PublicKeySize => X25519Curve.PointSize;

    public override int EncapsulationSize => 0;

    public override byte[] PublicKey(ReadOnlySpan<byte> secret)
    {
        CheckSecret(secret);
        var publicKey = new byte[PublicKeySize];
        X25519Curve.ScalarMultBase(secret, publicKey);
        return publicKey;
    }

    public override byte[]? Encapsulation(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey, PairContext pair)
    {
        CheckInputs(secret, ownId, peerPublicKey, pair);
        return null;
    }

    public override byte[] PairSeed(ReadOnlySpan<byte> secret, string ownId, ReadOnlySpan<byte> peerPublicKey,
        ReadOnlySpan<byte> peerEncapsulation, PairContext pair)
    {
        CheckInputs(secret, ownId, peerPublicKey, pair);
        if (!peerEncapsulation.IsEmpty)
            throw new InvalidKeyException("an x25519 pair relays no encapsulation, but one was given");
        Span<byte> shared = stackalloc byte[X25519Curve.PointSize];
        try
        {
            Agree(secret, peerPublicKey, shared);
            return SeedFrom(shared, pair);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>The raw RFC 7748 agreement; refuses a low-order peer key (an all-zero result).</summary>
    internal static void Agree(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> peerPublicKey, Span<byte> shared)
    {
        if (!X25519Curve.CalculateAgreement(secret, peerPublicKey, shared))
            throw new InvalidKeyException("the peer's x25519 masking key is a low-order point: the agreement would be all zeros");
    }
}
