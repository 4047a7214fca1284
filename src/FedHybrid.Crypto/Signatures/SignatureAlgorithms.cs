using FedHybrid.Crypto.Keys;

namespace FedHybrid.Crypto.Signatures;

/// <summary>Names, parsing, key generation and key import of <see cref="SignatureAlgorithm"/>s: the one
/// place that turns key bytes into <see cref="ISigningKey"/> and <see cref="IVerificationKey"/> objects.
/// The key's algorithm OID says which algorithm it was made for, so a key signs and verifies with the
/// algorithm it was generated with.</summary>
public static class SignatureAlgorithms
{
    /// <summary>The default: Ed25519.</summary>
    public const SignatureAlgorithm Default = SignatureAlgorithm.Ed25519;

    delegate ISigningKey SigningImport(ReadOnlySpan<byte> pkcs8);
    delegate IVerificationKey VerificationImport(ReadOnlySpan<byte> spki);

    /// <summary>One row per algorithm, each supplied by its key file pair (id-ecPublicKey means ECDSA
    /// P-256, rsaEncryption means RSA-PSS): a new algorithm is its file pair plus one row here.</summary>
    sealed record Kind(SignatureAlgorithm Algorithm, string Name, string Oid, Func<ISigningKey> Generate, SigningImport ImportSigning, VerificationImport ImportVerification);

    static readonly Kind[] Kinds =
    [
        new(SignatureAlgorithm.Ed25519, "ed25519", Asn1Keys.Ed25519Oid,
            Ed25519SigningKey.Generate, Ed25519SigningKey.ImportPkcs8PrivateKey, Ed25519VerificationKey.ImportSubjectPublicKeyInfo),
        new(SignatureAlgorithm.EcdsaP256Sha256, "ecdsa-p256-sha256", Asn1Keys.EcPublicKeyOid,
            EcdsaP256SigningKey.Generate, EcdsaP256SigningKey.ImportPkcs8PrivateKey, EcdsaP256VerificationKey.ImportSubjectPublicKeyInfo),
        new(SignatureAlgorithm.RsaPssSha256, "rsa-pss-sha256", Asn1Keys.RsaOid,
            () => RsaPssSigningKey.Generate(), RsaPssSigningKey.ImportPkcs8PrivateKey, RsaPssVerificationKey.ImportSubjectPublicKeyInfo),
        new(SignatureAlgorithm.MLDsa65, "ml-dsa-65", Asn1Keys.MLDsa65Oid,
            MLDsa65SigningKey.Generate, MLDsa65SigningKey.ImportPkcs8PrivateKey, MLDsa65VerificationKey.ImportSubjectPublicKeyInfo),
    ];

    public static IReadOnlyList<string> ValidNames { get; } = Kinds.Select(n => n.Name).ToArray();

    public static string NameOf(SignatureAlgorithm algorithm) =>
        Kinds.FirstOrDefault(n => n.Algorithm == algorithm)?.Name
        ?? throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm");

    /// <summary>Parses a name (case-insensitive); an unknown one raises an error listing the valid names.</summary>
    public static SignatureAlgorithm Parse(string name)
    {
        foreach (var kind in Kinds)
            if (string.Equals(kind.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return kind.Algorithm;
        throw new ArgumentException($"Unknown signature algorithm '{name}'. Valid: {string.Join(", ", ValidNames)}.", nameof(name));
    }

    /// <summary>True when the byte is an algorithm this build knows (used when parsing envelopes).</summary>
    public static bool IsDefined(byte value) => Kinds.Any(n => (byte)n.Algorithm == value);

    /// <summary>A fresh signing key (RSA-PSS: 3072 bits).</summary>
    public static ISigningKey Generate(SignatureAlgorithm algorithm) =>
        (Kinds.FirstOrDefault(n => n.Algorithm == algorithm) ?? throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm")).Generate();

    /// <summary>A signing key from DER PKCS#8; its OID picks the algorithm.</summary>
    public static ISigningKey ImportSigningKey(ReadOnlySpan<byte> pkcs8) => KindOf(Asn1Keys.Pkcs8Oid(pkcs8), "Private key").ImportSigning(pkcs8);

    /// <summary>A verification key from DER SubjectPublicKeyInfo; its OID picks the algorithm.</summary>
    public static IVerificationKey ImportVerificationKey(ReadOnlySpan<byte> spki) => KindOf(Asn1Keys.ReadSpki(spki).Oid, "Public key").ImportVerification(spki);

    static Kind KindOf(string oid, string what) =>
        Kinds.FirstOrDefault(k => k.Oid == oid)
        ?? throw new InvalidKeyException($"{what} OID {oid} is not a signature key ({string.Join(", ", ValidNames)}).");
}
