using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Deployment;

/// <summary>The envelope (KEM) and signing keys a kit holds, made and checked by FedHybrid.Crypto so
/// that their PKCS#8 / SPKI encodings are exactly the ones the envelopes use.</summary>
public static class LabKeys
{
    /// <summary>The suites a lab can be provisioned for (every sealed suite; not "none").</summary>
    public static IReadOnlyList<string> Suites { get; } = Suite.ValidNames.Where(n => n != "none").ToArray();

    public static string DefaultSuite => Suite.NameOf(Suite.Default);

    /// <summary>The encodings of the sealed-inference key pair: X25519 whatever the lab's suite.</summary>
    public const SuiteId InferenceSuite = SuiteId.HpkeX25519Aes256Gcm;

    /// <summary>The suite a kit is for; refuses "none" and unknown names.</summary>
    public static SuiteId ParseSuite(string suite)
    {
        var id = Suite.Parse(suite);
        if (id == SuiteId.None)
            throw new ArgumentException("Suite 'none' sends updates in plaintext; a lab deployment is always sealed. Pick one of: " + string.Join(", ", Suites), nameof(suite));
        return id;
    }

    public static PemKeyPair NewEnvelopeKeyPair(SuiteId suite)
    {
        using var identity = Suite.GenerateIdentity(suite);
        return ToPem(identity.ExportPkcs8PrivateKey(), identity.Recipient.ExportSubjectPublicKeyInfo());
    }

    /// <summary>An Ed25519 signing key pair (RFC 8410 encodings).</summary>
    public static PemKeyPair NewSigningKeyPair()
    {
        using var key = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        return ToPem(key.ExportPkcs8PrivateKey(), key.VerificationKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>DER of a PEM "PRIVATE KEY" block; the caller zeroes it.</summary>
    public static byte[] Pkcs8Of(PemKeyPair pair)
    {
        var fields = PemEncoding.Find(pair.PrivateKeyPem);
        return Convert.FromBase64String(pair.PrivateKeyPem[fields.Base64Data]);
    }

    static PemKeyPair ToPem(byte[] pkcs8, byte[] spki)
    {
        try
        {
            return new PemKeyPair(PemEncoding.WriteString("PRIVATE KEY", pkcs8), spki);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Checks that <paramref name="pkcs8"/> is the private half of <paramref name="spki"/>.</summary>
    internal static bool IsPair(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<byte> spki, SuiteId? envelopeSuite)
    {
        if (envelopeSuite is { } suite)
        {
            using var identity = Suite.ImportIdentity(suite, pkcs8);
            return identity.Recipient.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
        }
        using var key = SignatureAlgorithms.ImportSigningKey(pkcs8);
        return key.VerificationKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
    }

    internal static void CheckPublicKey(ReadOnlySpan<byte> spki, SuiteId? envelopeSuite)
    {
        if (envelopeSuite is { } suite)
            Suite.ImportRecipient(suite, spki);
        else
            SignatureAlgorithms.ImportVerificationKey(spki);
    }

    /// <summary>True when the exception is the crypto layer refusing a key.</summary>
    internal static bool IsKeyError(Exception e) => e is CryptoException or CryptographicException or ArgumentException;
}
