using System.Buffers.Binary;
using System.Text;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// What an envelope tells anyone on the wire, read from its plaintext header as docs/envelope.md section 1
/// lays it out (no key, no verification): the suite, round, ids and plaintext length, and where the stanzas,
/// the body and the signature lie. <see cref="TryParse"/> refuses what does not frame as an envelope.
/// </summary>
public sealed record EnvelopeLayout(
    byte Suite,
    byte SignatureAlgorithm,
    string EnvelopeId,
    long Round,
    long PlaintextLength,
    string RunId,
    string SenderId,
    int AssociatedDataLength,
    IReadOnlyList<string> Recipients,
    int HeaderLength,
    int StanzasLength,
    long BodyLength,
    int SignatureLength)
{
    /// <summary>Bytes of plaintext per sealed body chunk (C2SP chunked encryption).</summary>
    public const int PlaintextChunkBytes = 16384;

    /// <summary>Salt and key commitment before the first sealed chunk.</summary>
    public const int BodyPreambleBytes = 56;

    /// <summary>AES-GCM tag after every sealed chunk.</summary>
    public const int TagBytes = 16;

    /// <summary>Offsets of header fields an attacker may rewrite.</summary>
    public const int EnvelopeIdOffset = 8, RoundOffset = 24, PlaintextLengthOffset = 32;

    public bool Encrypted => Suite != 0;

    public int BodyOffset => HeaderLength + StanzasLength;

    public long TotalLength => BodyOffset + BodyLength + 2 + SignatureLength;

    /// <summary>The length of one sealed chunk on the wire (the last is shorter).</summary>
    public int SealedChunkBytes => Encrypted ? PlaintextChunkBytes + TagBytes : PlaintextChunkBytes;

    /// <summary>Offset in the envelope of the sealed chunk <paramref name="index"/> (0-based).</summary>
    public long ChunkOffset(int index) => BodyOffset + (Encrypted ? BodyPreambleBytes : 0) + (long)index * SealedChunkBytes;

    /// <summary>Where plaintext byte <paramref name="position"/> sits in the envelope: exactly, for suite none; for an
    /// encrypting suite, the ciphertext byte AES-GCM's counter mode put in its place.</summary>
    public long EnvelopeOffsetOf(long position) =>
        ChunkOffset((int)(position / PlaintextChunkBytes)) + position % PlaintextChunkBytes;

    /// <summary>The body length docs/envelope.md 1.3 prescribes for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static long BodyLengthFor(bool encrypted, long plaintextLength) =>
        encrypted ? BodyPreambleBytes + plaintextLength + TagBytes * (plaintextLength / PlaintextChunkBytes + 1) : plaintextLength;

    /// <summary>Reads the header; null when the bytes do not frame as a version-2 envelope of exactly their length.</summary>
    public static EnvelopeLayout? TryParse(ReadOnlySpan<byte> envelope)
    {
        try
        {
            return Parse(envelope);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    static EnvelopeLayout Parse(ReadOnlySpan<byte> e)
    {
        if (e.Length < 40 || !e[..4].SequenceEqual("FHEV"u8) || e[4] != 2)
            throw new InvalidDataException("not a version-2 envelope");
        byte suite = e[5], signature = e[6];
        string id = Convert.ToHexStringLower(e.Slice(EnvelopeIdOffset, 16));
        long round = (long)BinaryPrimitives.ReadUInt64BigEndian(e[RoundOffset..]);
        long length = BinaryPrimitives.ReadInt64BigEndian(e[PlaintextLengthOffset..]);
        if (length is < 0 or > 1L << 52)
            throw new InvalidDataException("plaintext length out of range");
        int at = 40;
        string runId = Lp8(e, ref at), sender = Lp8(e, ref at);
        int ad = checked((int)BinaryPrimitives.ReadUInt32BigEndian(e[at..]));
        at = checked(at + 4 + ad);
        int count = BinaryPrimitives.ReadUInt16BigEndian(e[at..]);
        at += 2;
        var recipients = new List<string>(count);
        long stanzas = 0;
        for (int i = 0; i < count; i++)
        {
            recipients.Add(Lp8(e, ref at));
            stanzas += BinaryPrimitives.ReadUInt32BigEndian(e[at..]);
            at += 4;
        }
        long bodyAt = at + stanzas;
        long body = BodyLengthFor(suite != 0, length);
        long trailer = bodyAt + body;
        if (trailer + 2 > e.Length)
            throw new InvalidDataException("shorter than its header says");
        int signatureLength = BinaryPrimitives.ReadUInt16BigEndian(e[(int)trailer..]);
        if (trailer + 2 + signatureLength != e.Length)
            throw new InvalidDataException("not the length its header says");
        return new EnvelopeLayout(suite, signature, id, round, length, runId, sender, ad, recipients, at, (int)stanzas, body, signatureLength);
    }

    static string Lp8(ReadOnlySpan<byte> e, ref int at)
    {
        int n = e[at];
        var text = new UTF8Encoding(false, true).GetString(e.Slice(at + 1, n));
        at += 1 + n;
        return text;
    }
}
