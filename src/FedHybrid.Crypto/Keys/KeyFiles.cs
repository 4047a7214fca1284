using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Crypto.Wrap;

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
            return Asn1Keys.Pkcs8Oid(der) switch
            {
                Asn1Keys.X25519Oid => HpkeIdentity.ImportPkcs8PrivateKey(SuiteId.HpkeX25519Aes256Gcm, der),
                Asn1Keys.EcPublicKeyOid => HpkeIdentity.ImportPkcs8PrivateKey(SuiteId.HpkeP256Aes256Gcm, der),
                Asn1Keys.XWingOid => HpkeIdentity.ImportPkcs8PrivateKey(SuiteId.PqXWingAes256Gcm, der),
                Asn1Keys.RsaOid => RsaOaepIdentity.ImportPkcs8PrivateKey(der),
                var oid => throw new InvalidKeyException($"Private key OID {oid} is not a key of any suite ({string.Join(", ", Suite.ValidNames)})."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public static IRecipient ImportRecipient(string pem) => ImportRecipient(PublicDer(pem));

    /// <summary>A suite public key from DER SubjectPublicKeyInfo; the OID picks the suite.</summary>
    public static IRecipient ImportRecipient(ReadOnlySpan<byte> der)
    {
        return Asn1Keys.ReadSpki(der).Oid switch
        {
            Asn1Keys.X25519Oid => HpkeRecipient.ImportSubjectPublicKeyInfo(SuiteId.HpkeX25519Aes256Gcm, der),
            Asn1Keys.EcPublicKeyOid => HpkeRecipient.ImportSubjectPublicKeyInfo(SuiteId.HpkeP256Aes256Gcm, der),
            Asn1Keys.XWingOid => HpkeRecipient.ImportSubjectPublicKeyInfo(SuiteId.PqXWingAes256Gcm, der),
            Asn1Keys.RsaOid => RsaOaepRecipient.ImportSubjectPublicKeyInfo(der),
            var oid => throw new InvalidKeyException($"Public key OID {oid} is not a key of any suite ({string.Join(", ", Suite.ValidNames)})."),
        };
    }

    /// <summary>A signing key from a private key PEM: Ed25519, ECDSA P-256, RSA (PSS) or ML-DSA-65.</summary>
    public static ISigningKey ImportSigningKey(string pem, string? passphrase = null)
    {
        var der = PrivateDer(pem, passphrase);
        try
        {
            return Asn1Keys.Pkcs8Oid(der) switch
            {
                Asn1Keys.Ed25519Oid => Ed25519SigningKey.ImportPkcs8PrivateKey(der),
                Asn1Keys.EcPublicKeyOid => EcdsaP256SigningKey.ImportPkcs8PrivateKey(der),
                Asn1Keys.RsaOid => RsaPssSigningKey.ImportPkcs8PrivateKey(der),
                Asn1Keys.MLDsa65Oid => MLDsa65SigningKey.ImportPkcs8PrivateKey(der),
                var oid => throw new InvalidKeyException($"Private key OID {oid} is not a signing key ({string.Join(", ", SignatureAlgorithms.ValidNames)})."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public static IVerificationKey ImportVerificationKey(string pem) => ImportVerificationKey(PublicDer(pem));

    /// <summary>A signature public key from DER SubjectPublicKeyInfo; the OID picks the algorithm
    /// (id-ecPublicKey means ECDSA P-256, rsaEncryption means RSA-PSS).</summary>
    public static IVerificationKey ImportVerificationKey(ReadOnlySpan<byte> der)
    {
        return Asn1Keys.ReadSpki(der).Oid switch
        {
            Asn1Keys.Ed25519Oid => Ed25519VerificationKey.ImportSubjectPublicKeyInfo(der),
            Asn1Keys.EcPublicKeyOid => EcdsaP256VerificationKey.ImportSubjectPublicKeyInfo(der),
            Asn1Keys.RsaOid => RsaPssVerificationKey.ImportSubjectPublicKeyInfo(der),
            Asn1Keys.MLDsa65Oid => MLDsa65VerificationKey.ImportSubjectPublicKeyInfo(der),
            var oid => throw new InvalidKeyException($"Public key OID {oid} is not a signature key ({string.Join(", ", SignatureAlgorithms.ValidNames)})."),
        };
    }

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
