using FedHybrid.Crypto.Hpke;
using X25519Curve = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace FedHybrid.Crypto.Kem;

/// <summary>DHKEM(X25519, HKDF-SHA256), RFC 9180 §7.1, on BouncyCastle's RFC 7748 X25519.
/// Private keys are serialized as DeriveKeyPair produces them (the RFC's vectors do not clamp
/// them); the scalar multiplication clamps, so a key and its clamped form are interchangeable.</summary>
internal sealed class DhkemX25519 : DhKem
{
    public DhkemX25519() : base(KemId.DhkemX25519HkdfSha256) { }

    public override int PublicKeySize => X25519Curve.PointSize;
    public override int PrivateKeySize => X25519Curve.ScalarSize;
    protected override int DhSize => X25519Curve.PointSize;

    public override byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        CheckPrivateKeyLength(privateKey);
        var publicKey = new byte[PublicKeySize];
        X25519Curve.ScalarMultBase(privateKey, publicKey);
        return publicKey;
    }

    protected override byte[] DeriveSecretKey(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> dkpPrk)
    {
        var sk = new byte[PrivateKeySize];
        LabeledHkdf.Expand(suiteId, dkpPrk, "sk"u8, default, sk);
        return sk;
    }

    protected internal override void Dh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> output, string role)
    {
        CheckPrivateKeyLength(privateKey);
        CheckPublicKeyLength(publicKey, role);
        // RFC 9180 §7.1.4: an all-zero X25519 output (a low-order point) must be rejected.
        if (!X25519Curve.CalculateAgreement(privateKey, publicKey, output))
            throw new InvalidKeyException($"{Id}: the {role} is a low-order point (all-zero shared secret).");
    }
}
