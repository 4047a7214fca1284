namespace FedHybrid.Crypto.Suites;

/// <summary>Suite names, parsing and key generation. Pick <c>hpke-x25519-aes256gcm</c> unless you are
/// comparing: <c>hpke-p256-aes256gcm</c> for NIST curves only, <c>pq-xwing-aes256gcm</c> to resist
/// "harvest now, decrypt later", <c>rsa4096-oaep-aes256gcm</c> to reproduce the classic literature
/// baseline, <c>none</c> only to measure overhead.</summary>
public static class Suite
{
    public const SuiteId Default = SuiteId.HpkeX25519Aes256Gcm;

    static readonly (SuiteId Id, string Name)[] Names =
    [
        (SuiteId.HpkeX25519Aes256Gcm, "hpke-x25519-aes256gcm"),
        (SuiteId.HpkeP256Aes256Gcm, "hpke-p256-aes256gcm"),
        (SuiteId.Rsa4096OaepAes256Gcm, "rsa4096-oaep-aes256gcm"),
        (SuiteId.PqXWingAes256Gcm, "pq-xwing-aes256gcm"),
        (SuiteId.None, "none"),
    ];

    public static IReadOnlyList<string> ValidNames { get; } = Names.Select(n => n.Name).ToArray();

    public static string NameOf(SuiteId suite) =>
        Names.FirstOrDefault(n => n.Id == suite).Name ?? throw new UnknownSuiteException($"Unknown suite byte {(byte)suite}. Valid: {string.Join(", ", ValidNames)}.");

    /// <summary>Parses a suite name (case-insensitive); an unknown name raises <see cref="UnknownSuiteException"/> listing the valid ones.</summary>
    public static SuiteId Parse(string name)
    {
        foreach (var (id, known) in Names)
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return id;
        throw new UnknownSuiteException($"Unknown suite '{name}'. Valid: {string.Join(", ", ValidNames)}.");
    }

    /// <summary>The suite for an envelope's suite byte.</summary>
    public static SuiteId FromByte(byte value)
    {
        foreach (var (id, _) in Names)
            if ((byte)id == value)
                return id;
        throw new UnknownSuiteException($"Unknown suite byte {value}. Valid: {string.Join(", ", Names.Select(n => $"{(byte)n.Id}={n.Name}"))}.");
    }

    /// <summary>A fresh identity (private key) of the suite; its <see cref="IIdentity.Recipient"/> is the public key.</summary>
    public static IIdentity GenerateIdentity(SuiteId suite) => suite switch
    {
        SuiteId.HpkeX25519Aes256Gcm or SuiteId.HpkeP256Aes256Gcm or SuiteId.PqXWingAes256Gcm => Wrap.HpkeIdentity.Generate(suite),
        SuiteId.Rsa4096OaepAes256Gcm => Wrap.RsaOaepIdentity.Generate(),
        SuiteId.None => new Wrap.NoneIdentity(),
        _ => throw new UnknownSuiteException($"Unknown suite byte {(byte)suite}."),
    };
}
