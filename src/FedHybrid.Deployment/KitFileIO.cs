using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Deployment;

/// <summary>Reading and writing the files of a kit: private keys 0600 from the start (never
/// world-readable, not even for an instant), public files 0644 whatever the umask, and every read
/// failure names its file.</summary>
public static class KitFileIO
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void WritePrivate(string path, string text) => ProtectedFiles.WritePrivate(path, text, FileMode.CreateNew);

    public static void WritePublic(string path, string text) => ProtectedFiles.WritePublic(path, text, FileMode.CreateNew);

    public static void WriteJson<T>(string path, T value) => WritePublic(path, JsonSerializer.Serialize(value, Json));

    public static string Require(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
            throw new KitLoadException(path, "missing from the kit folder (copy the whole folder that `fedhybrid provision` wrote).");
        return path;
    }

    public static T ReadJson<T>(string directory, string name)
    {
        var path = Require(directory, name);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new KitLoadException(path, "is empty (null JSON).");
        }
        catch (JsonException e)
        {
            throw new KitLoadException(path, $"is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static SuiteId ReadSuite(string directory, KitManifest manifest)
    {
        try
        {
            return LabKeys.ParseSuite(manifest.Suite);
        }
        catch (Exception e) when (LabKeys.IsKeyError(e))
        {
            throw new KitLoadException(Path.Combine(directory, KitFiles.Manifest), e.Message, e);
        }
    }

    public static X509Certificate2 ReadCertificate(string directory, string name)
    {
        var path = Require(directory, name);
        try
        {
            return X509CertificateLoader.LoadCertificate(PemDer(path, "CERTIFICATE"));
        }
        catch (CryptographicException e)
        {
            throw new KitLoadException(path, $"is not a valid X.509 certificate: {e.Message}", e);
        }
    }

    /// <summary>A certificate and its private key; fails if the key does not belong to it.</summary>
    public static X509Certificate2 ReadCertificateWithKey(string directory, string certificateName, string keyName)
    {
        using var certificate = ReadCertificate(directory, certificateName);
        var keyPath = Require(directory, keyName);
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            using var withKey = certificate.CopyWithPrivateKey(key);
            // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KitLoadException(keyPath, $"is not the ECDSA private key of {certificateName}: {e.Message}", e);
        }
    }

    /// <summary>A SubjectPublicKeyInfo public key: an envelope key of <paramref name="envelopeSuite"/>,
    /// or a signing key when it is null.</summary>
    public static byte[] ReadPublicKey(string directory, string name, SuiteId? envelopeSuite)
    {
        var path = Require(directory, name);
        var spki = PemDer(path, "PUBLIC KEY");
        try
        {
            LabKeys.CheckPublicKey(spki, envelopeSuite);
        }
        catch (Exception e) when (LabKeys.IsKeyError(e))
        {
            throw new KitLoadException(path, $"is not a valid {What(envelopeSuite)} public key: {e.Message}", e);
        }
        return spki;
    }

    /// <summary>A private key and its public key, checked to be a pair.</summary>
    public static PemKeyPair ReadKeyPair(string directory, string privateName, string publicName, SuiteId? envelopeSuite)
    {
        var publicKey = ReadPublicKey(directory, publicName, envelopeSuite);
        var privatePath = Require(directory, privateName);
        var pem = File.ReadAllText(privatePath);
        var pkcs8 = PemDer(privatePath, "PRIVATE KEY", pem);
        bool pair;
        try
        {
            pair = LabKeys.IsPair(pkcs8, publicKey, envelopeSuite);
        }
        catch (Exception e) when (LabKeys.IsKeyError(e))
        {
            throw new KitLoadException(privatePath, $"is not a valid {What(envelopeSuite)} PKCS#8 private key: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
        if (!pair)
            throw new KitLoadException(privatePath, $"does not match the public key in {publicName}.");
        return new PemKeyPair(pem, publicKey);
    }

    static string What(SuiteId? envelopeSuite) => envelopeSuite is { } suite ? Suite.NameOf(suite) + " envelope" : "Ed25519 signing";

    static byte[] PemDer(string path, string label, string? text = null)
    {
        text ??= File.ReadAllText(path);
        if (!PemEncoding.TryFind(text, out var fields))
            throw new KitLoadException(path, $"contains no PEM block (expected -----BEGIN {label}-----).");
        var found = text[fields.Label];
        if (!found.Equals(label, StringComparison.Ordinal))
            throw new KitLoadException(path, $"holds a PEM '{found}' block, expected '{label}'.");
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
