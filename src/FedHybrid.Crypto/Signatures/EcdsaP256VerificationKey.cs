using System.Security.Cryptography;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ECDSA P-256 / SHA-256 public key; signatures are IEEE P1363 r || s (64 bytes) with low s
/// (s &lt;= n/2). ECDSA accepts (r, n - s) as well as (r, s); refusing the high form makes each signature
/// the only encoding of itself, so a relayed envelope cannot be re-signed into a "new" one (docs/envelope.md 1.4).</summary>
internal sealed class EcdsaP256VerificationKey : IVerificationKey
{
    readonly ECDsa _key;

    internal EcdsaP256VerificationKey(ECDsa key) => _key = key;

    public static EcdsaP256VerificationKey ImportSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out int read);
            if (read != der.Length) throw new InvalidKeyException("ECDSA public key has trailing bytes.");
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new InvalidKeyException("ECDSA public key is not on P-256.");
            return new EcdsaP256VerificationKey(key);
        }
        // An unknown named curve makes .NET throw PlatformNotSupportedException: still just a bad key.
        catch (Exception e) when (e is CryptographicException and not CryptoException or PlatformNotSupportedException)
        {
            key.Dispose();
            throw new InvalidKeyException($"Not a P-256 SubjectPublicKeyInfo: {e.Message}", e);
        }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !IsLowS(signature[32..])) return false;
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The order n of P-256 and n/2 (rounded down), big-endian.</summary>
    internal static ReadOnlySpan<byte> Order => [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51];

    static ReadOnlySpan<byte> HalfOrder => [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8];

    /// <summary>s &lt;= n/2, comparing 32-byte big-endian integers (s is public: no constant time needed).</summary>
    internal static bool IsLowS(ReadOnlySpan<byte> s) => s.SequenceCompareTo(HalfOrder) <= 0;

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();
}
