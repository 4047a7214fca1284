using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FedHybrid.Federation.Lab;

/// <summary>Makes the envelope (KEM) and signing key pairs a kit holds, in standard PKCS#8 / SPKI
/// encodings. X25519 and Ed25519 come from BouncyCastle (System.Security.Cryptography has neither),
/// P-256 and RSA from System.Security.Cryptography.</summary>
public static class LabKeyGenerator
{
    /// <summary>The suites a lab can be provisioned for, with the envelope key each needs.</summary>
    public static IReadOnlyList<string> Suites { get; } =
        ["hpke-x25519-aes256gcm", "hpke-p256-aes256gcm", "rsa4096-oaep-aes256gcm"];

    public const string DefaultSuite = "hpke-x25519-aes256gcm";

    public static PemKeyPair EnvelopeKeyPair(string suite) => suite switch
    {
        "hpke-x25519-aes256gcm" => X25519(),
        "hpke-p256-aes256gcm" => P256(),
        "rsa4096-oaep-aes256gcm" => Rsa4096(),
        "none" => throw new ArgumentException("Suite 'none' sends updates in plaintext; a lab deployment is always sealed. Pick one of: " + string.Join(", ", Suites), nameof(suite)),
        _ => throw new ArgumentException($"Unknown or unsupported suite '{suite}' for provisioning. Supported: {string.Join(", ", Suites)}", nameof(suite)),
    };

    /// <summary>An Ed25519 signing key pair (RFC 8410 encodings).</summary>
    public static PemKeyPair Ed25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return FromBouncyCastle(pair.Private, pair.Public);
    }

    static PemKeyPair X25519()
    {
        var generator = new X25519KeyPairGenerator();
        generator.Init(new X25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return FromBouncyCastle(pair.Private, pair.Public);
    }

    static PemKeyPair FromBouncyCastle(Org.BouncyCastle.Crypto.AsymmetricKeyParameter privateKey, Org.BouncyCastle.Crypto.AsymmetricKeyParameter publicKey)
    {
        PrivateKeyInfo info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey);
        byte[] pkcs8 = info.GetDerEncoded();
        try
        {
            string pem = PemEncoding.WriteString("PRIVATE KEY", pkcs8);
            byte[] spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();
            return new PemKeyPair(pem, spki);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    static PemKeyPair P256()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return new PemKeyPair(key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfo());
    }

    static PemKeyPair Rsa4096()
    {
        using var key = RSA.Create(4096);
        return new PemKeyPair(key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfo());
    }
}
