using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Federation.Security;

/// <summary>A participant's private keys: the suite's envelope identity and a signing key of any
/// algorithm Crypto knows (Ed25519 unless asked; a loaded key keeps the algorithm it was made with).
/// Stored as PEM: PKCS#8 "PRIVATE KEY" and SPKI "PUBLIC KEY" files named after the participant.</summary>
public sealed class ParticipantKeys : IDisposable
{
    ParticipantKeys(string id, IIdentity envelope, ISigningKey signing)
    {
        Id = id;
        Envelope = envelope;
        Signing = signing;
        Public = new PublicIdentity(id, PublicEnvelopeKey(envelope), signing.VerificationKey.ExportSubjectPublicKeyInfo());
    }

    public string Id { get; }

    public SuiteId Suite => Envelope.Suite;

    public IIdentity Envelope { get; }

    public ISigningKey Signing { get; }

    public PublicIdentity Public { get; }

    public static ParticipantKeys Generate(string id, SuiteId suite, SignatureAlgorithm signature = SignatureAlgorithms.Default) =>
        new(id, Crypto.Suites.Suite.GenerateIdentity(suite), SignatureAlgorithms.Generate(signature));

    /// <summary>The files <see cref="Save"/> writes for <paramref name="id"/> (no envelope key file for suite none).</summary>
    public static IReadOnlyList<string> FileNames(string id, SuiteId suite) =>
        suite == SuiteId.None
            ? [$"{id}.signing.key.pem", $"{id}.envelope.pub.pem", $"{id}.signing.pub.pem"]
            : [$"{id}.envelope.key.pem", $"{id}.signing.key.pem", $"{id}.envelope.pub.pem", $"{id}.signing.pub.pem"];

    /// <summary>Writes the private keys (0600) and public keys (0644); a folder it creates is 0700.</summary>
    public void Save(string directory)
    {
        ProtectedFiles.CreatePrivateDirectory(directory);
        if (Suite != SuiteId.None)
            WritePrivate(Path.Combine(directory, $"{Id}.envelope.key.pem"), Envelope.ExportPkcs8PrivateKey());
        WritePrivate(Path.Combine(directory, $"{Id}.signing.key.pem"), Signing.ExportPkcs8PrivateKey());
        SavePublic(Public, directory);
    }

    public static void SavePublic(PublicIdentity identity, string directory)
    {
        ProtectedFiles.CreatePrivateDirectory(directory);
        ProtectedFiles.WritePublic(Path.Combine(directory, $"{identity.Id}.envelope.pub.pem"), PemEncoding.WriteString("PUBLIC KEY", identity.EnvelopeKey));
        ProtectedFiles.WritePublic(Path.Combine(directory, $"{identity.Id}.signing.pub.pem"), PemEncoding.WriteString("PUBLIC KEY", identity.SigningKey));
    }

    public static ParticipantKeys Load(string directory, string id, SuiteId suite)
    {
        var envelopeKey = suite == SuiteId.None ? [] : ReadPem(Path.Combine(directory, $"{id}.envelope.key.pem"), "PRIVATE KEY");
        var signingKey = ReadPem(Path.Combine(directory, $"{id}.signing.key.pem"), "PRIVATE KEY");
        try
        {
            var envelope = Crypto.Suites.Suite.ImportIdentity(suite, envelopeKey);
            try
            {
                return new ParticipantKeys(id, envelope, SignatureAlgorithms.ImportSigningKey(signingKey));
            }
            catch
            {
                envelope.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(envelopeKey);
            CryptographicOperations.ZeroMemory(signingKey);
        }
    }

    public static PublicIdentity LoadPublic(string directory, string id)
    {
        var envelopePath = Path.Combine(directory, $"{id}.envelope.pub.pem");
        var text = File.ReadAllText(envelopePath);
        var envelopeKey = text.Contains("-----BEGIN", StringComparison.Ordinal) ? ReadPem(envelopePath, "PUBLIC KEY") : [];
        return new PublicIdentity(id, envelopeKey, ReadPem(Path.Combine(directory, $"{id}.signing.pub.pem"), "PUBLIC KEY"));
    }

    /// <summary>The suite's public key as SPKI DER (empty for <c>none</c>, which has no key).</summary>
    static byte[] PublicEnvelopeKey(IIdentity identity) =>
        identity.Suite == SuiteId.None ? [] : identity.Recipient.ExportSubjectPublicKeyInfo();

    static byte[] ReadPem(string path, string label)
    {
        var pem = PemEncoding.Find(File.ReadAllText(path));
        var text = File.ReadAllText(path);
        if (!text[pem.Label].Equals(label, StringComparison.Ordinal))
            throw new InvalidKeyException($"{path}: expected a PEM '{label}', found '{text[pem.Label]}'");
        return Convert.FromBase64String(text[pem.Base64Data]);
    }

    static void WritePrivate(string path, byte[] der)
    {
        try
        {
            ProtectedFiles.WritePrivate(path, PemEncoding.WriteString("PRIVATE KEY", der));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    public void Dispose()
    {
        Envelope.Dispose();
        Signing.Dispose();
    }
}
