using System.Security.Cryptography;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ECDSA P-256 / SHA-256 private key (System.Security.Cryptography), IEEE P1363 signatures.</summary>
public sealed class EcdsaP256SigningKey : ISigningKey
{
    readonly ECDsa _key;

    EcdsaP256SigningKey(ECDsa key)
    {
        _key = key;
        VerificationKey = EcdsaP256VerificationKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    public static EcdsaP256SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static EcdsaP256SigningKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> der)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(der, out _);
            if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new InvalidKeyException("ECDSA private key is not on P-256.");
            return new EcdsaP256SigningKey(key);
        }
        // An unknown named curve makes .NET throw PlatformNotSupportedException: still just a bad key.
        catch (Exception e) when (e is CryptographicException and not CryptoException or PlatformNotSupportedException)
        {
            key.Dispose();
            throw new InvalidKeyException($"Not a P-256 PKCS#8 private key: {e.Message}", e);
        }
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;
    public IVerificationKey VerificationKey { get; }
    public int SignatureSize => 64;

    public byte[] Sign(ReadOnlySpan<byte> message) =>
        _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public void Dispose() => _key.Dispose();
}
