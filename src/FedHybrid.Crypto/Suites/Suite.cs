using FedHybrid.Crypto.Hpke;
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
    /// <paramref name="Oid"/> is the algorithm OID of its PKCS#8 / SPKI keys (null: it has no key),
    /// <paramref name="StanzaLengths"/> the sizes its stanzas may have (docs/envelope.md section 2) and
    /// <paramref name="Kem"/> its HPKE KEM, if it is an HPKE suite.</summary>
    sealed record Kind(SuiteId Id, string Name, string? Oid, uint[] StanzaLengths, KemId? Kem,
        Func<IIdentity> Generate, IdentityImport ImportIdentity, RecipientImport ImportRecipient);

    static readonly Kind[] Kinds =
    [
        // HPKE stanzas are enc || the 32-byte data key sealed with a 16-byte tag.
        Hpke(SuiteId.HpkeX25519Aes256Gcm, "hpke-x25519-aes256gcm", Asn1Keys.X25519Oid, KemId.DhkemX25519HkdfSha256, 32 + 48),
        Hpke(SuiteId.HpkeP256Aes256Gcm, "hpke-p256-aes256gcm", Asn1Keys.EcPublicKeyOid, KemId.DhkemP256HkdfSha256, 65 + 48),
        // RSA-OAEP stanzas are the recipient's modulus size.
        new(SuiteId.Rsa4096OaepAes256Gcm, "rsa4096-oaep-aes256gcm", Asn1Keys.RsaOid, [256, 384, 512], null,
            () => RsaOaepIdentity.Generate(), RsaOaepIdentity.ImportPkcs8PrivateKey, RsaOaepRecipient.ImportSubjectPublicKeyInfo),
        Hpke(SuiteId.PqXWingAes256Gcm, "pq-xwing-aes256gcm", Asn1Keys.XWingOid, KemId.XWing, 1120 + 48),
        new(SuiteId.None, "none", null, [0], null, () => new NoneIdentity(), NoneIdentity.Import, NoneRecipient.Import),
    ];

    static Kind Hpke(SuiteId id, string name, string oid, KemId kem, uint stanzaLength) =>
        new(id, name, oid, [stanzaLength], kem,
            () => HpkeIdentity.Generate(id), der => HpkeIdentity.ImportPkcs8PrivateKey(id, der), der => HpkeRecipient.ImportSubjectPublicKeyInfo(id, der));

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

    /// <summary>Whether a stanza of <paramref name="length"/> bytes has a size the suite's stanzas have.</summary>
    internal static bool IsStanzaLength(SuiteId suite, uint length) => Kinds.FirstOrDefault(k => k.Id == suite)?.StanzaLengths.Contains(length) == true;

    /// <summary>The stanza sizes of a suite, for error messages ("80", "256, 384 or 512").</summary>
    internal static string StanzaLengthsOf(SuiteId suite)
    {
        var lengths = KindOf(suite).StanzaLengths;
        return lengths.Length == 1 ? $"{lengths[0]}" : $"{string.Join(", ", lengths[..^1])} or {lengths[^1]}";
    }

    /// <summary>The HPKE KEM of an HPKE suite.</summary>
    internal static KemId KemOf(SuiteId suite) =>
        KindOf(suite).Kem ?? throw new UnknownSuiteException($"Suite {NameOf(suite)} is not an HPKE suite.");

    static Kind KindOf(SuiteId suite) =>
        Kinds.FirstOrDefault(k => k.Id == suite) ?? throw new UnknownSuiteException($"Unknown suite byte {(byte)suite}. Valid: {string.Join(", ", ValidNames)}.");
}
