using System.Security.Cryptography;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ECDSA P-256 / SHA-256 public key; signatures are IEEE P1363 r || s (64 bytes).</summary>
public sealed class EcdsaP256VerificationKey : IVerificationKey
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
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();
}
