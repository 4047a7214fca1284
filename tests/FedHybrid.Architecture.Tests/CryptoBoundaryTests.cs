namespace FedHybrid.Architecture.Tests;

/// <summary>No AEAD, KDF, KEM, MAC or signature primitive is called outside FedHybrid.Crypto
/// (docs/security-model.md, DESIGN.md): every other src assembly's referenced types are checked
/// against the primitives of System.Security.Cryptography and all of BouncyCastle.</summary>
public sealed class CryptoBoundaryTests
{
    /// <summary>Every src assembly but Crypto, which is where the primitives live.</summary>
    public static TheoryData<string> Assemblies() =>
        new(SourceTree.ProjectReferences().Keys.Where(p => p != "FedHybrid.Crypto").Order(StringComparer.Ordinal));

    const string Sscs = "System.Security.Cryptography.";

    /// <summary>Type-name prefixes in System.Security.Cryptography that are AEADs and ciphers (Aes*,
    /// ChaCha20Poly1305, ...), KDFs (HKDF, PBKDF2, SP 800-108), MACs (HMAC*, Kmac*), key agreement and
    /// KEMs (ECDiffieHellman*, MLKem*) and signatures or RSA encryption (ECDsa*, DSA*, RSA*, MLDsa*,
    /// SlhDsa*, CompositeMLDsa*). Hashes (SHA256 for model digests), RandomNumberGenerator,
    /// CryptographicOperations (zeroing, constant-time compare) and X.509 types are not primitives of
    /// that kind and are allowed everywhere.</summary>
    static readonly string[] Primitives =
    [
        "Aes", "ChaCha20Poly1305", "TripleDES", "DES", "RC2", "Rijndael", "SymmetricAlgorithm",
        "HKDF", "Rfc2898DeriveBytes", "PasswordDeriveBytes", "SP800108HmacCounterKdf",
        "HMAC", "Kmac", "IncrementalHash",
        "ECDiffieHellman", "MLKem",
        "ECDsa", "DSA", "RSA", "MLDsa", "SlhDsa", "CompositeMLDsa",
    ];

    /// <summary>The only exceptions, each with its reason. An entry names one assembly and one type.</summary>
    static readonly (string Assembly, string Type, string Reason)[] Allowed =
    [
        ("FedHybrid.Deployment", Sscs + "ECDsa",
            "TLS certificate handling: the lab CA and the mutual-TLS leaf certificates are P-256 ECDSA keys made and read by X509 APIs."),
        ("FedHybrid.Aggregation", Sscs + "Aes",
            "AES used as a PRG (counter-mode keystream) to expand secure-aggregation mask seeds, as Bonawitz et al. do; no message is encrypted or authenticated with it."),
        ("FedHybrid.Aggregation", Sscs + "SymmetricAlgorithm",
            "the base class of Aes whose EncryptEcb the secure-aggregation PRG calls for its counter blocks."),
    ];

    /// <summary>The primitives (outside the allow-list) that <paramref name="assembly"/> refers to.</summary>
    internal static string[] Violations(string assembly, IEnumerable<string> referencedTypes) =>
        referencedTypes.Where(IsPrimitive)
            .Where(t => !Allowed.Any(a => a.Assembly == assembly && a.Type == t))
            .Order(StringComparer.Ordinal).ToArray();

    static bool IsPrimitive(string type)
    {
        if (type.StartsWith("Org.BouncyCastle.", StringComparison.Ordinal))
            return true;
        if (!type.StartsWith(Sscs, StringComparison.Ordinal))
            return false;
        var name = type[Sscs.Length..];
        return !name.Contains('.') && Primitives.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void NoCryptographicPrimitiveIsCalledOutsideCrypto(string assembly)
    {
        var violations = Violations(assembly, ReferencedTypes.Of(SourceTree.AssemblyPath(assembly)));
        Assert.True(violations.Length == 0,
            $"{assembly} refers to {string.Join(", ", violations)}: put the operation in FedHybrid.Crypto behind a named operation, " +
            "or (for a non-cryptographic use such as TLS certificates) add an allow-list entry with its reason.");
    }

    [Fact]
    public void TheScanSeesThePrimitivesCryptoUses()
    {
        // The same scan over Crypto itself must find what it is known to use, or it proves nothing elsewhere.
        var crypto = ReferencedTypes.Of(SourceTree.AssemblyPath("FedHybrid.Crypto"));
        var found = Violations("FedHybrid.Federation", crypto);
        Assert.Contains(Sscs + "AesGcm", found);
        Assert.Contains(Sscs + "HKDF", found);
        Assert.Contains(Sscs + "ECDiffieHellman", found);
        Assert.Contains(Sscs + "RSA", found);
        Assert.Contains(found, t => t.StartsWith("Org.BouncyCastle.", StringComparison.Ordinal));
    }

    [Fact]
    public void TheAllowListIsScopedToItsAssembly()
    {
        // ECDsa is allowed in Deployment (certificates) and nowhere else; AesGcm nowhere.
        Assert.Empty(Violations("FedHybrid.Deployment", [Sscs + "ECDsa", Sscs + "SHA256", Sscs + "X509Certificates.X509Certificate2"]));
        Assert.Equal([Sscs + "ECDsa"], Violations("FedHybrid.Federation", [Sscs + "ECDsa", Sscs + "SHA256", Sscs + "CryptographicOperations"]));
        Assert.Equal([Sscs + "AesGcm"], Violations("FedHybrid.Aggregation", [Sscs + "Aes", Sscs + "AesGcm"]));
    }
}
