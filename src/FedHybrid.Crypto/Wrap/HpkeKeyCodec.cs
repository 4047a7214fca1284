using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Wrap;

/// <summary>Maps the HPKE suites to their KEM and to standard key containers: X25519 (RFC 8410) and
/// X-Wing (its draft's OID, 32-byte seed) as raw OID keys; P-256 as the usual id-ecPublicKey / ECPrivateKey
/// PKCS#8 and SPKI through System.Security.Cryptography.</summary>
internal static class HpkeKeyCodec
{
    public static KemId KemOf(SuiteId suite) => Suite.KemOf(suite);

    public static HpkeSuite HpkeOf(SuiteId suite) => new(KemOf(suite), KdfId.HkdfSha256, AeadId.Aes256Gcm);

    static string RawOid(SuiteId suite) => suite == SuiteId.PqXWingAes256Gcm ? Asn1Keys.XWingOid : Asn1Keys.X25519Oid;

    public static byte[] ExportPkcs8(SuiteId suite, byte[] privateKey, byte[] publicKey)
    {
        if (suite != SuiteId.HpkeP256Aes256Gcm) return Asn1Keys.Pkcs8(RawOid(suite), privateKey);
        using var ecdh = ECDiffieHellman.Create(P256Parameters(privateKey, publicKey));
        return ecdh.ExportPkcs8PrivateKey();
    }

    public static byte[] ExportSpki(SuiteId suite, byte[] publicKey)
    {
        if (suite != SuiteId.HpkeP256Aes256Gcm) return Asn1Keys.Spki(RawOid(suite), publicKey);
        using var ecdh = ECDiffieHellman.Create(P256Parameters(null, publicKey));
        return ecdh.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Raw HPKE private key (X25519 / P-256 scalar / X-Wing seed) of a PKCS#8 key of the suite.</summary>
    public static byte[] ImportPkcs8(SuiteId suite, ReadOnlySpan<byte> der)
    {
        var kem = HpkeSuite.Kem(KemOf(suite));
        if (suite != SuiteId.HpkeP256Aes256Gcm)
            return Asn1Keys.ReadPkcs8(der, RawOid(suite), kem.PrivateKeySize, Suite.NameOf(suite));
        using var ecdh = ECDiffieHellman.Create();
        try
        {
            ecdh.ImportPkcs8PrivateKey(der, out _);
            var parameters = ecdh.ExportParameters(true);
            if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value) throw new InvalidKeyException("EC private key is not on P-256.");
            return parameters.D!;
        }
        // An unknown named curve makes .NET throw PlatformNotSupportedException: still just a bad key.
        catch (Exception e) when (e is CryptographicException and not CryptoException or PlatformNotSupportedException)
        {
            throw new InvalidKeyException($"Not a P-256 PKCS#8 private key: {e.Message}", e);
        }
    }

    public static byte[] ImportSpki(SuiteId suite, ReadOnlySpan<byte> der)
    {
        var kem = HpkeSuite.Kem(KemOf(suite));
        if (suite != SuiteId.HpkeP256Aes256Gcm)
            return Asn1Keys.ReadSpki(der, RawOid(suite), kem.PublicKeySize, Suite.NameOf(suite));
        using var ecdh = ECDiffieHellman.Create();
        try
        {
            ecdh.ImportSubjectPublicKeyInfo(der, out _);
            var q = ecdh.ExportParameters(false);
            if (q.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value) throw new InvalidKeyException("EC public key is not on P-256.");
            return [0x04, .. q.Q.X!, .. q.Q.Y!];
        }
        // An unknown named curve makes .NET throw PlatformNotSupportedException: still just a bad key.
        catch (Exception e) when (e is CryptographicException and not CryptoException or PlatformNotSupportedException)
        {
            throw new InvalidKeyException($"Not a P-256 SubjectPublicKeyInfo: {e.Message}", e);
        }
    }

    static ECParameters P256Parameters(byte[]? d, byte[] uncompressed) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = d,
        Q = new ECPoint { X = uncompressed[1..33], Y = uncompressed[33..65] },
    };
}
