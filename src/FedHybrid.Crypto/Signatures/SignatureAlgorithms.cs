namespace FedHybrid.Crypto.Signatures;

/// <summary>Names, parsing and key generation of <see cref="SignatureAlgorithm"/>s.</summary>
public static class SignatureAlgorithms
{
    /// <summary>The default: Ed25519.</summary>
    public const SignatureAlgorithm Default = SignatureAlgorithm.Ed25519;

    static readonly (SignatureAlgorithm Algorithm, string Name)[] Names =
    [
        (SignatureAlgorithm.Ed25519, "ed25519"),
        (SignatureAlgorithm.EcdsaP256Sha256, "ecdsa-p256-sha256"),
        (SignatureAlgorithm.RsaPssSha256, "rsa-pss-sha256"),
        (SignatureAlgorithm.MLDsa65, "ml-dsa-65"),
    ];

    public static IReadOnlyList<string> ValidNames { get; } = Names.Select(n => n.Name).ToArray();

    public static string NameOf(SignatureAlgorithm algorithm) =>
        Names.FirstOrDefault(n => n.Algorithm == algorithm).Name
        ?? throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm");

    /// <summary>Parses a name (case-insensitive); an unknown one raises an error listing the valid names.</summary>
    public static SignatureAlgorithm Parse(string name)
    {
        foreach (var (algorithm, known) in Names)
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return algorithm;
        throw new ArgumentException($"Unknown signature algorithm '{name}'. Valid: {string.Join(", ", ValidNames)}.", nameof(name));
    }

    /// <summary>True when the byte is an algorithm this build knows (used when parsing envelopes).</summary>
    public static bool IsDefined(byte value) => Names.Any(n => (byte)n.Algorithm == value);

    /// <summary>A fresh signing key (RSA-PSS: 3072 bits).</summary>
    public static ISigningKey Generate(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Ed25519 => Ed25519SigningKey.Generate(),
        SignatureAlgorithm.EcdsaP256Sha256 => EcdsaP256SigningKey.Generate(),
        SignatureAlgorithm.RsaPssSha256 => RsaPssSigningKey.Generate(),
        SignatureAlgorithm.MLDsa65 => MLDsa65SigningKey.Generate(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };
}
