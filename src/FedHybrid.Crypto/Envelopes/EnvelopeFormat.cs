using System.Buffers.Binary;
using System.Text;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>The byte layout of docs/envelope.md: header, stanzas, body, signature trailer. One parser
/// (<see cref="HeaderReader"/>) serves spans and streams, saying how many bytes it needs when given too few.</summary>
internal static class EnvelopeFormat
{
    public static ReadOnlySpan<byte> Magic => "FHEV"u8;
    public const int FixedSize = 40;
    public const int MaxIdLength = 255;
    public const int MaxAssociatedData = 1 << 20;
    public const int MaxRecipients = ushort.MaxValue;
    public const int MaxSignatureLength = ushort.MaxValue;
    public const long MaxPlaintextLength = 1L << 52;
    public static ReadOnlySpan<byte> WrapLabel => "fedhybrid/envelope/v1/wrap\0"u8;
    public static ReadOnlySpan<byte> BodySignatureLabel => "fedhybrid/envelope/v2/signature/body\0"u8;
    public static ReadOnlySpan<byte> KeySignatureLabel => "fedhybrid/envelope/v2/signature/key\0"u8;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Serialized length of the body: Cobblestone-256 ciphertext, or the plaintext itself for <c>none</c>.</summary>
    public static long BodyLength(SuiteId suite, long plaintextLength) =>
        suite == SuiteId.None ? plaintextLength : Cobblestone256.CiphertextLength(plaintextLength);

    public static byte[] WriteHeader(EnvelopeHeader header, IReadOnlyList<int> stanzaLengths)
    {
        var buffer = new List<byte>(FixedSize + 64 * header.RecipientIds.Count + header.AssociatedData.Length);
        Span<byte> fixedPart = stackalloc byte[FixedSize];
        Magic.CopyTo(fixedPart);
        fixedPart[4] = header.Version;
        fixedPart[5] = (byte)header.Suite;
        fixedPart[6] = (byte)header.SignatureAlgorithm;
        fixedPart[7] = 0;
        BinaryPrimitives.WriteUInt128BigEndian(fixedPart[8..], header.EnvelopeId);
        BinaryPrimitives.WriteUInt64BigEndian(fixedPart[24..], header.Round);
        BinaryPrimitives.WriteInt64BigEndian(fixedPart[32..], header.PlaintextLength);
        buffer.AddRange(fixedPart);
        AddId(buffer, header.RunId, "run id");
        AddId(buffer, header.SenderId, "sender id");
        if (header.AssociatedData.Length > MaxAssociatedData) throw new ArgumentException($"associated data is limited to {MaxAssociatedData} bytes");
        AddUInt32(buffer, (uint)header.AssociatedData.Length);
        buffer.AddRange(header.AssociatedData.Span);
        if (header.RecipientIds.Count is 0 or > MaxRecipients) throw new ArgumentException($"an envelope needs 1 to {MaxRecipients} recipients");
        buffer.Add((byte)(header.RecipientIds.Count >> 8));
        buffer.Add((byte)header.RecipientIds.Count);
        for (int i = 0; i < header.RecipientIds.Count; i++)
        {
            AddId(buffer, header.RecipientIds[i], "recipient id");
            if (!IsStanzaLength(header.Suite, (uint)stanzaLengths[i]))
                throw new ArgumentException($"a {Suite.NameOf(header.Suite)} stanza is {StanzaLengths(header.Suite)} bytes, not {stanzaLengths[i]}");
            AddUInt32(buffer, (uint)stanzaLengths[i]);
        }
        return buffer.ToArray();
    }

    static void AddId(List<byte> buffer, string id, string what)
    {
        var bytes = StrictUtf8.GetBytes(id);
        if (bytes.Length is 0 or > MaxIdLength) throw new ArgumentException($"{what} must be 1 to {MaxIdLength} UTF-8 bytes: '{id}'");
        buffer.Add((byte)bytes.Length);
        buffer.AddRange(bytes);
    }

    static void AddUInt32(List<byte> buffer, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    /// <summary>Parses the header at the start of <paramref name="data"/>. Returns false and the total
    /// number of bytes needed so far when <paramref name="data"/> is too short; throws on malformed input.
    /// A stream reader that feeds a header in pieces keeps one <see cref="HeaderReader"/> instead.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out ParsedHeader? parsed, out int needed, int maxRecipients = MaxRecipients) =>
        new HeaderReader(maxRecipients).TryRead(data, out parsed, out needed);

    /// <summary>Whether a stanza of <paramref name="length"/> bytes has the fixed size its suite's stanzas
    /// have (docs/envelope.md section 2); RSA-OAEP stanzas are the recipient's modulus size.</summary>
    public static bool IsStanzaLength(SuiteId suite, uint length) => Suite.IsStanzaLength(suite, length);

    /// <summary>The stanza sizes of a suite, for error messages.</summary>
    public static string StanzaLengths(SuiteId suite) => Suite.StanzaLengthsOf(suite);

    /// <summary>HPKE info / wrap context for one recipient. Holds only fields constant over a rekey scope
    /// (suite, run, sender, recipient) so a cached stanza stays valid; the rest is bound by the body
    /// context and the signature.</summary>
    public static byte[] WrapContext(SuiteId suite, string runId, string senderId, string recipientId)
    {
        var buffer = new List<byte>(WrapLabel.Length + 200);
        buffer.AddRange(WrapLabel);
        buffer.Add((byte)suite);
        AddId(buffer, runId, "run id");
        AddId(buffer, senderId, "sender id");
        AddId(buffer, recipientId, "recipient id");
        return buffer.ToArray();
    }

    /// <summary>Whether the signature must cover every body byte: when some reader could forge a body
    /// that the AEAD accepts. A <c>none</c> body has no AEAD, and every recipient of a multi-recipient
    /// envelope knows the data key. A single recipient's encrypted body is fixed by the signed prefix,
    /// salt and commitment, since only sender and recipient can derive its key (docs/envelope.md 1.4).</summary>
    public static bool SignsWholeBody(SuiteId suite, int recipientCount) => suite == SuiteId.None || recipientCount > 1;

    /// <summary>How many leading envelope bytes the signature digest covers.</summary>
    public static long SignedLength(SuiteId suite, int recipientCount, long prefixLength, long bodyLength) =>
        prefixLength + (SignsWholeBody(suite, recipientCount) ? bodyLength : Cobblestone256.HeaderSize);

    /// <summary>The message the sender signs: a label naming what the digest covers, then the digest.</summary>
    public static byte[] SignedMessage(bool wholeBody, ReadOnlySpan<byte> digest) =>
        [.. wholeBody ? BodySignatureLabel : KeySignatureLabel, .. digest];
}
