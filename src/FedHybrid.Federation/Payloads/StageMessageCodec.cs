using System.Buffers.Binary;
using System.Text;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Payloads;

/// <summary>
/// The byte layout of a <see cref="StageMessage"/> (docs/protocol.md), little-endian throughout:
/// "FHST", version 1 (u32), kind (u8), run id, stage, task id, party (each a u16-length UTF-8 string),
/// round (u32); then the config entries (u32 count; each a name, a kind byte and an 8-byte integer or
/// number, a 1-byte boolean or a u32-length UTF-8 string), the vectors (u32 count; each a name, a u64
/// element count and the float32 elements) and the blobs (u32 count; each a name, a u32 length and
/// the bytes). Names are strictly increasing (ordinal), so an encoding is unique. Decoding is strict:
/// any length past the end, an unsorted or repeated name, an unknown kind or a trailing byte is a
/// <see cref="MalformedPayloadException"/> naming what is wrong.
/// </summary>
public static class StageMessageCodec
{
    const uint Magic = 0x54534846; // "FHST" read little-endian
    const uint Version = 1;
    const int MaxNameBytes = 256;
    const int MaxEntries = 65_536;

    public static byte[] Encode(StageMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new Writer(EncodedSize(message));
        writer.U32(Magic);
        writer.U32(Version);
        writer.U8((byte)message.Kind);
        foreach (var text in new[] { message.RunId, message.Stage, message.TaskId, message.Party })
            writer.Name(text);
        writer.U32(checked((uint)message.Round));
        writer.U32((uint)message.Config.Count);
        foreach (var (key, value) in message.Config)
        {
            writer.Name(key);
            writer.U8((byte)value.Kind);
            switch (value.Kind)
            {
                case ConfigValueKind.Boolean: writer.U8(value.AsBoolean() ? (byte)1 : (byte)0); break;
                case ConfigValueKind.Integer: writer.I64(value.AsInteger()); break;
                case ConfigValueKind.Number: writer.F64(value.AsNumber()); break;
                default: writer.Text(value.AsText()); break;
            }
        }
        var vectors = Sorted(message.Payload.Vectors);
        writer.U32((uint)vectors.Length);
        foreach (var (name, vector) in vectors)
        {
            writer.Name(name);
            writer.U64((ulong)vector.Length);
            writer.Floats(vector);
        }
        var blobs = Sorted(message.Payload.Blobs);
        writer.U32((uint)blobs.Length);
        foreach (var (name, blob) in blobs)
        {
            writer.Name(name);
            writer.U32(checked((uint)blob.Length));
            writer.Bytes(blob);
        }
        return writer.Done();
    }

    /// <summary>The encoded size, so a caller can bound what it will accept before decoding.</summary>
    public static long EncodedSize(StageMessage message)
    {
        long size = 4 + 4 + 1 + 4 + 12;
        foreach (var text in new[] { message.RunId, message.Stage, message.TaskId, message.Party })
            size += 2 + Encoding.UTF8.GetByteCount(text);
        foreach (var (key, value) in message.Config)
            size += 2 + Encoding.UTF8.GetByteCount(key) + 1 + value.Kind switch
            {
                ConfigValueKind.Boolean => 1,
                ConfigValueKind.Text => 4 + Encoding.UTF8.GetByteCount(value.AsText()),
                _ => 8,
            };
        foreach (var (name, vector) in message.Payload.Vectors)
            size += 2 + Encoding.UTF8.GetByteCount(name) + 8 + (long)vector.Length * sizeof(float);
        foreach (var (name, blob) in message.Payload.Blobs)
            size += 2 + Encoding.UTF8.GetByteCount(name) + 4 + blob.Length;
        return size;
    }

    public static StageMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        if (reader.U32("magic") != Magic)
            throw new MalformedPayloadException("stage message does not start with the FHST header");
        uint version = reader.U32("version");
        if (version != Version)
            throw new MalformedPayloadException($"stage message has format version {version}, this reader knows {Version}");
        byte kind = reader.U8("kind");
        if (!Enum.IsDefined((StageMessageKind)kind))
            throw new MalformedPayloadException($"stage message has unknown kind {kind}");
        string runId = reader.Name("run id"), stage = reader.Name("stage"), taskId = reader.Name("task id"), party = reader.Name("party");
        uint round = reader.U32("round");
        if (round > int.MaxValue)
            throw new MalformedPayloadException($"stage message round {round} is out of range");

        var config = new List<KeyValuePair<string, ConfigValue>>();
        string? previous = null;
        uint configCount = reader.Count("config");
        for (uint i = 0; i < configCount; i++)
        {
            string key = reader.Name("config key");
            previous = Increasing(previous, key, "config");
            byte valueKind = reader.U8($"kind of config '{key}'");
            config.Add(new(key, (ConfigValueKind)valueKind switch
            {
                ConfigValueKind.Boolean => reader.U8($"config '{key}'") switch
                {
                    0 => ConfigValue.Of(false),
                    1 => ConfigValue.Of(true),
                    var b => throw new MalformedPayloadException($"config '{key}' is a boolean byte {b}, not 0 or 1"),
                },
                ConfigValueKind.Integer => ConfigValue.Of(reader.I64($"config '{key}'")),
                ConfigValueKind.Number => ConfigValue.Of(reader.F64($"config '{key}'")),
                ConfigValueKind.Text => ConfigValue.Of(reader.Text($"config '{key}'")),
                _ => throw new MalformedPayloadException($"config '{key}' has unknown value kind {valueKind}"),
            }));
        }

        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        previous = null;
        uint vectorCount = reader.Count("vectors");
        for (uint i = 0; i < vectorCount; i++)
        {
            string name = reader.Name("vector name");
            previous = Increasing(previous, name, "vector");
            ulong length = reader.U64($"length of vector '{name}'");
            vectors.Add(name, reader.Floats(length, $"vector '{name}'"));
        }

        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        previous = null;
        uint blobCount = reader.Count("blobs");
        for (uint i = 0; i < blobCount; i++)
        {
            string name = reader.Name("blob name");
            previous = Increasing(previous, name, "blob");
            uint length = reader.U32($"length of blob '{name}'");
            blobs.Add(name, reader.Bytes(length, $"blob '{name}'").ToArray());
        }
        if (reader.Remaining != 0)
            throw new MalformedPayloadException($"stage message has {reader.Remaining} trailing bytes");
        return new StageMessage((StageMessageKind)kind, runId, (int)round, stage, taskId, party, StageConfig.From(config), new StagePayload(vectors, blobs));
    }

    static string Increasing(string? previous, string name, string what) =>
        previous is null || string.CompareOrdinal(previous, name) < 0 ? name
            : throw new MalformedPayloadException($"{what} names are not strictly increasing: '{name}' after '{previous}'");

    static KeyValuePair<string, T>[] Sorted<T>(IReadOnlyDictionary<string, T> map) =>
        map.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

    ref struct Writer
    {
        readonly byte[] _buffer;
        int _offset;

        public Writer(long size) => _buffer = GC.AllocateUninitializedArray<byte>(checked((int)size));

        Span<byte> Take(int count)
        {
            var span = _buffer.AsSpan(_offset, count);
            _offset += count;
            return span;
        }

        public void U8(byte value) => Take(1)[0] = value;
        public void U32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
        public void U64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
        public void I64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
        public void F64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);
        public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));
        public void Floats(ReadOnlySpan<float> values) => ModelPayload.WriteFloats(values, Take(values.Length * sizeof(float)));

        public void Name(string text)
        {
            int length = Encoding.UTF8.GetByteCount(text);
            if (length > MaxNameBytes)
                throw new ArgumentException($"'{text[..Math.Min(text.Length, 40)]}...' is longer than {MaxNameBytes} bytes");
            BinaryPrimitives.WriteUInt16LittleEndian(Take(2), (ushort)length);
            Encoding.UTF8.GetBytes(text, Take(length));
        }

        public void Text(string text)
        {
            int length = Encoding.UTF8.GetByteCount(text);
            U32((uint)length);
            Encoding.UTF8.GetBytes(text, Take(length));
        }

        public byte[] Done() => _offset == _buffer.Length ? _buffer : throw new InvalidOperationException("stage message size was miscounted");
    }

    ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        readonly ReadOnlySpan<byte> _bytes = bytes;
        int _offset;

        public readonly int Remaining => _bytes.Length - _offset;

        ReadOnlySpan<byte> Take(long count, string what)
        {
            if (count < 0 || count > Remaining)
                throw new MalformedPayloadException($"stage message ends inside {what} ({count} bytes needed, {Remaining} left)");
            var span = _bytes.Slice(_offset, (int)count);
            _offset += (int)count;
            return span;
        }

        public byte U8(string what) => Take(1, what)[0];
        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
        public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
        public long I64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));
        public double F64(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

        public ReadOnlySpan<byte> Bytes(uint length, string what) => Take(length, what);

        public float[] Floats(ulong count, string what)
        {
            if (count > (ulong)Remaining / sizeof(float))
                throw new MalformedPayloadException($"stage message declares {count} values for {what} but has {Remaining} bytes left");
            return ModelPayload.ReadFloats(Take((long)count * sizeof(float), what));
        }

        public uint Count(string what)
        {
            uint count = U32($"the {what} count");
            return count <= MaxEntries ? count : throw new MalformedPayloadException($"stage message declares {count} {what} entries, at most {MaxEntries}");
        }

        public string Name(string what)
        {
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, $"the length of the {what}"));
            if (length > MaxNameBytes)
                throw new MalformedPayloadException($"stage message {what} is {length} bytes, at most {MaxNameBytes}");
            return Utf8(Take(length, $"the {what}"), what);
        }

        public string Text(string what)
        {
            uint length = U32($"the length of {what}");
            return Utf8(Take(length, what), what);
        }

        static string Utf8(ReadOnlySpan<byte> bytes, string what)
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new MalformedPayloadException($"stage message {what} is not valid UTF-8");
            }
        }
    }

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
