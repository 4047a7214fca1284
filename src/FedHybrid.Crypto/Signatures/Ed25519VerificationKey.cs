using FedHybrid.Crypto.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FedHybrid.Crypto.Signatures;

/// <summary>Ed25519 public key (BouncyCastle's RFC 8032 verifier).</summary>
internal sealed class Ed25519VerificationKey : IVerificationKey
{
    public const int Size = 32;
    readonly byte[] _raw;
    readonly Ed25519PublicKeyParameters? _key;

    /// <summary>From the 32-byte RFC 8032 encoding. An encoding that is not a curve point yields a key that verifies nothing.</summary>
    public Ed25519VerificationKey(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Size) throw new InvalidKeyException($"Ed25519 public key must be {Size} bytes, got {raw.Length}.");
        _raw = raw.ToArray();
        try { _key = new Ed25519PublicKeyParameters(_raw); }
        catch (ArgumentException) { _key = null; }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public static Ed25519VerificationKey ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der) =>
        new(Asn1Keys.ReadSpki(der, Asn1Keys.Ed25519Oid, Size, "Ed25519"));

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (_key is null || signature.Length != 64) return false;
        var verifier = new Ed25519Signer();
        verifier.Init(false, _key);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }

    public byte[] ExportSubjectPublicKeyInfo() => Asn1Keys.Spki(Asn1Keys.Ed25519Oid, _raw);
}
