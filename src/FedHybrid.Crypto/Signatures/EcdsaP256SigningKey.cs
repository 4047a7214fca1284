using System.Security.Cryptography;

namespace FedHybrid.Crypto.Signatures;

/// <summary>ECDSA P-256 / SHA-256 private key (System.Security.Cryptography), IEEE P1363 signatures with
/// low s, the only form <see cref="EcdsaP256VerificationKey"/> accepts.</summary>
internal sealed class EcdsaP256SigningKey : ISigningKey
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

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var s = signature.AsSpan(32);
        if (!EcdsaP256VerificationKey.IsLowS(s)) NegateModOrder(s);
        return signature;
    }

    /// <summary>s := n - s, in place, for 0 &lt; s &lt; n (big-endian, 32 bytes): (r, n - s) is the same signature.</summary>
    internal static void NegateModOrder(Span<byte> s)
    {
        var n = EcdsaP256VerificationKey.Order;
        int borrow = 0;
        for (int i = 31; i >= 0; i--)
        {
            int difference = n[i] - s[i] - borrow;
            borrow = difference < 0 ? 1 : 0;
            s[i] = (byte)(difference + (borrow << 8));
        }
    }

    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public void Dispose() => _key.Dispose();
}
