using System.Text;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The key-file importers: the first byte picks one, the rest is a PEM file or, for the DER
/// importers, the SubjectPublicKeyInfo a joining client presents.</summary>
public sealed class KeyFileTarget : IFuzzTarget
{
    /// <summary>Only for encrypted PEMs; real ones cost 600,000 PBKDF2 iterations, so the seeds use their own.</summary>
    const string Passphrase = "fuzz";

    public string Name => "key-file";

    enum Importer : byte { Identity, Recipient, SigningKey, VerificationKey, RecipientDer, VerificationKeyDer, EncryptedIdentity, Count }

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var rest = input[1..];
        var text = Encoding.UTF8.GetString(rest);
        switch ((Importer)(input[0] % (byte)Importer.Count))
        {
            case Importer.Identity:
                using (var identity = KeyFiles.ImportIdentity(text)) RoundTrip(identity);
                break;
            case Importer.Recipient:
                KeyFiles.ImportRecipient(text).ExportSubjectPublicKeyInfo();
                break;
            case Importer.SigningKey:
                using (var key = KeyFiles.ImportSigningKey(text)) SignAndVerify(key);
                break;
            case Importer.VerificationKey:
                KeyFiles.ImportVerificationKey(text).Verify("message"u8, new byte[64]);
                break;
            case Importer.RecipientDer:
                KeyFiles.ImportRecipient(rest).ExportSubjectPublicKeyInfo();
                break;
            case Importer.VerificationKeyDer:
                KeyFiles.ImportVerificationKey(rest).Verify("message"u8, new byte[64]);
                break;
            default:
                using (var encrypted = KeyFiles.ImportIdentity(text, Passphrase)) RoundTrip(encrypted);
                break;
        }
    }

    /// <summary>An imported identity is usable: its key exports and imports to the same public key.</summary>
    static void RoundTrip(IIdentity identity)
    {
        using var again = KeyFiles.ImportIdentity(KeyFiles.ExportPrivateKeyPem(identity));
        if (!again.Recipient.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(identity.Recipient.ExportSubjectPublicKeyInfo()))
            throw new FuzzInvariantException("An imported identity does not export to the same key.");
    }

    static void SignAndVerify(ISigningKey key)
    {
        var signature = key.Sign("message"u8);
        if (!key.VerificationKey.Verify("message"u8, signature))
            throw new FuzzInvariantException($"An imported {key.Algorithm} key makes signatures its own public key refuses.");
    }

    public bool IsRejection(Exception exception) => exception is CryptoException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        static byte[] With(Importer importer, ReadOnlySpan<byte> data) => [(byte)importer, .. data];
        foreach (var suite in FuzzMaterial.Suites.Where(s => s != SuiteId.None))
        {
            var identity = FuzzMaterial.Identity(suite);
            var name = Suite.NameOf(suite);
            yield return ($"identity.{name}", With(Importer.Identity, Encoding.UTF8.GetBytes(KeyFiles.ExportPrivateKeyPem(identity))));
            yield return ($"recipient.{name}", With(Importer.Recipient, Encoding.UTF8.GetBytes(KeyFiles.ExportPublicKeyPem(identity.Recipient))));
            yield return ($"recipient-der.{name}", With(Importer.RecipientDer, identity.Recipient.ExportSubjectPublicKeyInfo()));
        }
        // One small encrypted key (X25519) with its PBES2 parameters as KeyFiles writes them.
        yield return ("encrypted-identity.x25519", With(Importer.EncryptedIdentity,
            Encoding.UTF8.GetBytes(KeyFiles.ExportPrivateKeyPem(FuzzMaterial.Identity(SuiteId.HpkeX25519Aes256Gcm), Passphrase))));
        foreach (var algorithm in FuzzMaterial.SignatureAlgorithms)
        {
            var key = FuzzMaterial.Signer(algorithm);
            yield return ($"signing.{algorithm}", With(Importer.SigningKey, Encoding.UTF8.GetBytes(KeyFiles.ExportPrivateKeyPem(key))));
            yield return ($"verification.{algorithm}", With(Importer.VerificationKey, Encoding.UTF8.GetBytes(KeyFiles.ExportPublicKeyPem(key.VerificationKey))));
            yield return ($"verification-der.{algorithm}", With(Importer.VerificationKeyDer, key.VerificationKey.ExportSubjectPublicKeyInfo()));
        }
    }
}
