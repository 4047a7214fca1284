using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FedHybrid.Federation.Lab;

/// <summary>Reading and writing the files of a kit: private keys are created 0600 from the start
/// (never world-readable, not even for an instant), and every read failure names its file.</summary>
internal static class KitFileIO
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void WritePrivate(string path, string text) =>
        Write(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    public static void WritePublic(string path, string text) =>
        Write(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    static void Write(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = mode;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

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

    public static byte[] ReadPublicKey(string directory, string name)
    {
        var path = Require(directory, name);
        var spki = PemDer(path, "PUBLIC KEY");
        try
        {
            PublicKeyFactory.CreateKey(spki);
        }
        catch (Exception e) when (e is not KitLoadException)
        {
            throw new KitLoadException(path, $"is not a valid SubjectPublicKeyInfo public key: {e.Message}", e);
        }
        return spki;
    }

    /// <summary>A private key and its public key, checked to be a pair.</summary>
    public static PemKeyPair ReadKeyPair(string directory, string privateName, string publicName)
    {
        var publicKey = ReadPublicKey(directory, publicName);
        var privatePath = Require(directory, privateName);
        var pem = File.ReadAllText(privatePath);
        byte[] derived;
        try
        {
            derived = PublicKeyOf(PemDer(privatePath, "PRIVATE KEY", pem));
        }
        catch (Exception e) when (e is not KitLoadException)
        {
            throw new KitLoadException(privatePath, $"is not a valid PKCS#8 private key: {e.Message}", e);
        }
        if (!derived.AsSpan().SequenceEqual(publicKey))
            throw new KitLoadException(privatePath, $"does not match the public key in {publicName}.");
        return new PemKeyPair(pem, publicKey);
    }

    static byte[] PublicKeyOf(byte[] pkcs8)
    {
        try
        {
            var key = PrivateKeyFactory.CreateKey(pkcs8);
            return key switch
            {
                X25519PrivateKeyParameters x => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(x.GeneratePublicKey()).GetDerEncoded(),
                Ed25519PrivateKeyParameters ed => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ed.GeneratePublicKey()).GetDerEncoded(),
                ECPrivateKeyParameters => EcPublicKey(pkcs8),
                RsaPrivateCrtKeyParameters rsa => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent)).GetDerEncoded(),
                _ => throw new CryptographicException($"unsupported key type {key.GetType().Name}"),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    static byte[] EcPublicKey(byte[] pkcs8)
    {
        using var ec = ECDiffieHellman.Create();
        ec.ImportPkcs8PrivateKey(pkcs8, out _);
        return ec.ExportSubjectPublicKeyInfo();
    }

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
