using FedHybrid.Crypto.Keys;
using FedHybrid.Crypto.Wrap;

namespace FedHybrid.Crypto.Suites;

/// <summary>Suite names, parsing, key generation and key import: the one place that turns a suite and
/// key bytes into <see cref="IIdentity"/> and <see cref="IRecipient"/> objects. Pick
/// <c>hpke-x25519-aes256gcm</c> unless you are comparing: <c>hpke-p256-aes256gcm</c> for NIST curves only,
/// <c>pq-xwing-aes256gcm</c> to resist "harvest now, decrypt later", <c>rsa4096-oaep-aes256gcm</c> to
/// reproduce the classic literature baseline, <c>none</c> only to measure overhead.</summary>
public static class Suite
{
    public const SuiteId Default = SuiteId.HpkeX25519Aes256Gcm;

    delegate IIdentity IdentityImport(ReadOnlySpan<byte> pkcs8);
    delegate IRecipient RecipientImport(ReadOnlySpan<byte> spki);

    /// <summary>One row per suite: each key type's file pair supplies its generator and importers, so a
    /// new suite is its file pair plus one row here (age's x25519.go style), never a switch elsewhere.
    /// <paramref name="Oid"/> is the algorithm OID of its PKCS#8 / SPKI keys (null: it has no key).</summary>
    sealed record Kind(SuiteId Id, string Name, string? Oid, Func<IIdentity> Generate, IdentityImport ImportIdentity, RecipientImport ImportRecipient);

    static readonly Kind[] Kinds =
    [
        Hpke(SuiteId.HpkeX25519Aes256Gcm, "hpke-x25519-aes256gcm", Asn1Keys.X25519Oid),
        Hpke(SuiteId.HpkeP256Aes256Gcm, "hpke-p256-aes256gcm", Asn1Keys.EcPublicKeyOid),
        new(SuiteId.Rsa4096OaepAes256Gcm, "rsa4096-oaep-aes256gcm", Asn1Keys.RsaOid,
            () => RsaOaepIdentity.Generate(), RsaOaepIdentity.ImportPkcs8PrivateKey, RsaOaepRecipient.ImportSubjectPublicKeyInfo),
        Hpke(SuiteId.PqXWingAes256Gcm, "pq-xwing-aes256gcm", Asn1Keys.XWingOid),
        new(SuiteId.None, "none", null, () => new NoneIdentity(), NoneIdentity.Import, NoneRecipient.Import),
    ];

    static Kind Hpke(SuiteId id, string name, string oid) =>
        new(id, name, oid, () => HpkeIdentity.Generate(id), der => HpkeIdentity.ImportPkcs8PrivateKey(id, der), der => HpkeRecipient.ImportSubjectPublicKeyInfo(id, der));

    public static IReadOnlyList<string> ValidNames { get; } = Kinds.Select(n => n.Name).ToArray();

    public static string NameOf(SuiteId suite) => KindOf(suite).Name;

    /// <summary>Parses a suite name (case-insensitive); an unknown name raises <see cref="UnknownSuiteException"/> listing the valid ones.</summary>
    public static SuiteId Parse(string name)
    {
        foreach (var kind in Kinds)
            if (string.Equals(kind.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                return kind.Id;
        throw new UnknownSuiteException($"Unknown suite '{name}'. Valid: {string.Join(", ", ValidNames)}.");
    }

    /// <summary>The suite for an envelope's suite byte.</summary>
    public static SuiteId FromByte(byte value)
    {
        foreach (var kind in Kinds)
            if ((byte)kind.Id == value)
                return kind.Id;
        throw new UnknownSuiteException($"Unknown suite byte {value}. Valid: {string.Join(", ", Kinds.Select(n => $"{(byte)n.Id}={n.Name}"))}.");
    }

    /// <summary>A fresh identity (private key) of the suite; its <see cref="IIdentity.Recipient"/> is the public key.</summary>
    public static IIdentity GenerateIdentity(SuiteId suite) => KindOf(suite).Generate();

    /// <summary>The identity of <paramref name="suite"/> in DER PKCS#8 (<c>none</c>: no bytes). A key of
    /// another type raises <see cref="InvalidKeyException"/>.</summary>
    public static IIdentity ImportIdentity(SuiteId suite, ReadOnlySpan<byte> pkcs8) => KindOf(suite).ImportIdentity(pkcs8);

    /// <summary>The recipient of <paramref name="suite"/> in DER SubjectPublicKeyInfo (<c>none</c>: no bytes).
    /// A key of another type raises <see cref="InvalidKeyException"/>.</summary>
    public static IRecipient ImportRecipient(SuiteId suite, ReadOnlySpan<byte> spki) => KindOf(suite).ImportRecipient(spki);

    /// <summary>The suite whose keys carry <paramref name="oid"/> (id-ecPublicKey means P-256, rsaEncryption RSA-OAEP).</summary>
    internal static SuiteId OfKeyOid(string oid, string what) =>
        Kinds.FirstOrDefault(k => k.Oid == oid)?.Id
        ?? throw new InvalidKeyException($"{what} OID {oid} is not a key of any suite ({string.Join(", ", ValidNames)}).");

    static Kind KindOf(SuiteId suite) =>
        Kinds.FirstOrDefault(k => k.Id == suite) ?? throw new UnknownSuiteException($"Unknown suite byte {(byte)suite}. Valid: {string.Join(", ", ValidNames)}.");
}
