using System.Buffers.Binary;
using System.Text;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Parses a header (docs/envelope.md 1.1) given in growing pieces. Each call resumes where the
/// last stopped, so a header read from a stream in many small reads is still parsed in time linear in its
/// length (re-parsing from the start on every read made a 65,535-recipient header cost minutes).</summary>
internal sealed class HeaderReader(int maxRecipients = EnvelopeFormat.MaxRecipients)
{
    /// <summary>The least a recipient record takes: a 1-byte id and its length byte, and the u32 stanza length.</summary>
    const int MinRecord = 1 + 1 + 4;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    enum Stage { Fixed, RunId, SenderId, AssociatedDataLength, AssociatedData, Recipients, Done }

    readonly int _maxRecipients = Math.Clamp(maxRecipients, 1, EnvelopeFormat.MaxRecipients);
    Stage _stage;
    int _at;
    SuiteId _suite;
    SignatureAlgorithm _algorithm;
    UInt128 _envelopeId;
    ulong _round;
    long _plaintextLength;
    string _runId = "", _senderId = "";
    int _aadLength;
    byte[] _aad = [];
    string[] _ids = [];
    int[] _stanzaLengths = [];
    HashSet<string> _unique = [];
    int _index;
    ParsedHeader? _parsed;

    /// <summary>How many recipient records have been decoded: each exactly once, however the header arrived.</summary>
    public int RecordsParsed { get; private set; }

    /// <summary>Continues parsing <paramref name="data"/>, the envelope's first bytes (a longer view of the
    /// same bytes as the last call). Returns false with <paramref name="needed"/>, a total length that lies
    /// within the header (so reading up to it never reads past the header), when more bytes are needed;
    /// throws <see cref="MalformedEnvelopeException"/> or <see cref="TooManyRecipientsException"/> on a bad header.</summary>
    public bool TryRead(ReadOnlySpan<byte> data, out ParsedHeader? parsed, out int needed)
    {
        while (true)
        {
            parsed = null;
            switch (_stage)
            {
                case Stage.Fixed:
                    needed = EnvelopeFormat.FixedSize;
                    if (data.Length < needed) return false;
                    ReadFixed(data);
                    _at = EnvelopeFormat.FixedSize;
                    _stage = Stage.RunId;
                    break;
                case Stage.RunId:
                    if (!TryReadId(data, "run id", out _runId, out needed)) return false;
                    _stage = Stage.SenderId;
                    break;
                case Stage.SenderId:
                    if (!TryReadId(data, "sender id", out _senderId, out needed)) return false;
                    _stage = Stage.AssociatedDataLength;
                    break;
                case Stage.AssociatedDataLength:
                    needed = _at + 4;
                    if (data.Length < needed) return false;
                    uint aadLength = BinaryPrimitives.ReadUInt32BigEndian(data[_at..]);
                    if (aadLength > EnvelopeFormat.MaxAssociatedData)
                        throw new MalformedEnvelopeException($"Associated data of {aadLength} bytes exceeds {EnvelopeFormat.MaxAssociatedData}.");
                    _aadLength = (int)aadLength;
                    _at += 4;
                    _stage = Stage.AssociatedData;
                    break;
                case Stage.AssociatedData:
                    needed = _at + _aadLength + 2;
                    if (data.Length < needed) return false;
                    _aad = data.Slice(_at, _aadLength).ToArray();
                    _at += _aadLength;
                    int count = BinaryPrimitives.ReadUInt16BigEndian(data[_at..]);
                    _at += 2;
                    if (count == 0) throw new MalformedEnvelopeException("Envelope names no recipient.");
                    // Before any per-recipient work: a receiver that expects one recipient does none for 65,535.
                    if (count > _maxRecipients)
                        throw new TooManyRecipientsException($"Envelope names {count} recipients; this receiver accepts at most {_maxRecipients}.");
                    _ids = new string[count];
                    _stanzaLengths = new int[count];
                    _unique = new HashSet<string>(count, StringComparer.Ordinal);
                    _stage = Stage.Recipients;
                    break;
                case Stage.Recipients:
                    if (!TryReadRecipients(data, out needed)) return false;
                    var header = new EnvelopeHeader(EnvelopeHeader.CurrentVersion, _suite, _algorithm, _envelopeId, _runId, _round, _senderId,
                        _ids, _plaintextLength, _aad);
                    _parsed = new ParsedHeader(header, _stanzaLengths, _at);
                    _unique = [];
                    _stage = Stage.Done;
                    break;
                default:
                    needed = _at;
                    parsed = _parsed;
                    return true;
            }
        }
    }

    void ReadFixed(ReadOnlySpan<byte> data)
    {
        if (!data[..4].SequenceEqual(EnvelopeFormat.Magic)) throw new MalformedEnvelopeException("Not a FedHybrid envelope: bad magic.");
        if (data[4] != EnvelopeHeader.CurrentVersion)
            throw new MalformedEnvelopeException($"Unsupported envelope format version {data[4]}; this build reads version {EnvelopeHeader.CurrentVersion}.");
        _suite = Suite.FromByte(data[5]);
        if (!SignatureAlgorithms.IsDefined(data[6])) throw new MalformedEnvelopeException($"Unknown signature algorithm byte {data[6]}.");
        _algorithm = (SignatureAlgorithm)data[6];
        if (data[7] != 0) throw new MalformedEnvelopeException($"Reserved flags byte must be 0, got {data[7]}.");
        _envelopeId = BinaryPrimitives.ReadUInt128BigEndian(data[8..]);
        _round = BinaryPrimitives.ReadUInt64BigEndian(data[24..]);
        _plaintextLength = BinaryPrimitives.ReadInt64BigEndian(data[32..]);
        if (_plaintextLength is < 0 or > EnvelopeFormat.MaxPlaintextLength)
            throw new MalformedEnvelopeException($"Plaintext length {_plaintextLength} is out of range (0 to 2^52).");
    }

    bool TryReadRecipients(ReadOnlySpan<byte> data, out int needed)
    {
        while (_index < _ids.Length)
        {
            int rest = MinRecord * (_ids.Length - _index - 1);
            needed = _at + MinRecord + rest;
            if (data.Length < _at + 1) return false;
            int length = data[_at];
            if (length == 0) throw new MalformedEnvelopeException("Empty recipient id.");
            needed = _at + 1 + length + 4 + rest;
            if (data.Length < _at + 1 + length + 4) return false;
            string id = Decode(data.Slice(_at + 1, length), "recipient id");
            uint stanzaLength = BinaryPrimitives.ReadUInt32BigEndian(data[(_at + 1 + length)..]);
            if (!EnvelopeFormat.IsStanzaLength(_suite, stanzaLength))
                throw new MalformedEnvelopeException($"The stanza of recipient {_index + 1} is {stanzaLength} bytes; suite {Suite.NameOf(_suite)} stanzas are {EnvelopeFormat.StanzaLengths(_suite)} bytes.");
            if (!_unique.Add(id)) throw new MalformedEnvelopeException($"Recipient id '{id}' appears twice.");
            _ids[_index] = id;
            _stanzaLengths[_index] = (int)stanzaLength;
            _at += 1 + length + 4;
            _index++;
            RecordsParsed++;
        }
        needed = _at;
        return true;
    }

    bool TryReadId(ReadOnlySpan<byte> data, string what, out string value, out int needed)
    {
        value = "";
        needed = _at + 1;
        if (data.Length < needed) return false;
        int length = data[_at];
        if (length == 0) throw new MalformedEnvelopeException($"Empty {what}.");
        needed = _at + 1 + length;
        if (data.Length < needed) return false;
        value = Decode(data.Slice(_at + 1, length), what);
        _at = needed;
        return true;
    }

    static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new MalformedEnvelopeException($"The {what} is not valid UTF-8.", e);
        }
    }
}
