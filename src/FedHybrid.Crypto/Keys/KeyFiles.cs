using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Keys;

/// <summary>PEM key files: private keys as PKCS#8 (RFC 5208 "PRIVATE KEY", or RFC 5958
/// "ENCRYPTED PRIVATE KEY" with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC), public keys as X.509
/// SubjectPublicKeyInfo ("PUBLIC KEY"). The algorithm OID inside picks the key type on import.</summary>
public static class KeyFiles
{
    /// <summary>PBKDF2 iterations for encrypted keys (OWASP's 2023 figure for HMAC-SHA256).</summary>
    public const int Pbkdf2Iterations = 600_000;
    const string PrivateLabel = "PRIVATE KEY";
    const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";
    const string PublicLabel = "PUBLIC KEY";

    public static string ExportPrivateKeyPem(IIdentity identity, string? passphrase = null) => PrivatePem(identity.ExportPkcs8PrivateKey(), passphrase);

    public static string ExportPrivateKeyPem(ISigningKey key, string? passphrase = null) => PrivatePem(key.ExportPkcs8PrivateKey(), passphrase);

    public static string ExportPublicKeyPem(IRecipient recipient) => PemEncoding.WriteString(PublicLabel, recipient.ExportSubjectPublicKeyInfo());

    public static string ExportPublicKeyPem(IVerificationKey key) => PemEncoding.WriteString(PublicLabel, key.ExportSubjectPublicKeyInfo());

    /// <summary>A suite identity from a private key PEM: X25519, P-256 (id-ecPublicKey), X-Wing or RSA.</summary>
    public static IIdentity ImportIdentity(string pem, string? passphrase = null)
    {
        var der = PrivateDer(pem, passphrase);
        try
        {
            return Suite.ImportIdentity(Suite.OfKeyOid(Asn1Keys.Pkcs8Oid(der), "Private key"), der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public static IRecipient ImportRecipient(string pem) => ImportRecipient(PublicDer(pem));

    /// <summary>A suite public key from DER SubjectPublicKeyInfo; the OID picks the suite.</summary>
    public static IRecipient ImportRecipient(ReadOnlySpan<byte> der) => Suite.ImportRecipient(Suite.OfKeyOid(Asn1Keys.ReadSpki(der).Oid, "Public key"), der);

    /// <summary>A signing key from a private key PEM: Ed25519, ECDSA P-256, RSA (PSS) or ML-DSA-65.</summary>
    public static ISigningKey ImportSigningKey(string pem, string? passphrase = null)
    {
        var der = PrivateDer(pem, passphrase);
        try
        {
            return SignatureAlgorithms.ImportSigningKey(der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public static IVerificationKey ImportVerificationKey(string pem) => ImportVerificationKey(PublicDer(pem));

    /// <summary>A signature public key from DER SubjectPublicKeyInfo; the OID picks the algorithm
    /// (id-ecPublicKey means ECDSA P-256, rsaEncryption means RSA-PSS).</summary>
    public static IVerificationKey ImportVerificationKey(ReadOnlySpan<byte> der) => SignatureAlgorithms.ImportVerificationKey(der);

    static string PrivatePem(byte[] pkcs8, string? passphrase)
    {
        try
        {
            if (passphrase is null) return PemEncoding.WriteString(PrivateLabel, pkcs8);
            if (passphrase.Length == 0) throw new ArgumentException("An empty passphrase protects nothing; pass null for an unencrypted key.", nameof(passphrase));
            var info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _, skipCopy: true);
            var encrypted = info.Encrypt(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations));
            return PemEncoding.WriteString(EncryptedLabel, encrypted);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    static byte[] PrivateDer(string pem, string? passphrase)
    {
        var (label, der) = Decode(pem);
        switch (label)
        {
            case PrivateLabel:
                return der;
            case EncryptedLabel when passphrase is null:
                throw new InvalidKeyException("The private key is encrypted: a passphrase is needed.");
            case EncryptedLabel:
                try
                {
                    var info = Pkcs8PrivateKeyInfo.DecryptAndDecode(passphrase, der, out int read);
                    if (read != der.Length) throw new InvalidKeyException("Encrypted private key has trailing bytes.");
                    return info.Encode();
                }
                catch (CryptographicException e) when (e is not CryptoException)
                {
                    throw new InvalidKeyException("The encrypted private key does not decrypt: wrong passphrase or a corrupt file.", e);
                }
            default:
                throw new InvalidKeyException($"Expected a PEM 'PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY', found '{label}'.");
        }
    }

    static byte[] PublicDer(string pem)
    {
        var (label, der) = Decode(pem);
        return label == PublicLabel ? der : throw new InvalidKeyException($"Expected a PEM 'PUBLIC KEY', found '{label}'.");
    }

    static (string Label, byte[] Der) Decode(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields)) throw new InvalidKeyException("No PEM block found.");
        var label = pem[fields.Label];
        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out int written) || written != der.Length)
            throw new InvalidKeyException("PEM body is not valid base64.");
        return (label, der);
    }
}
