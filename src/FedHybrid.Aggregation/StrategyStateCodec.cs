using System.Buffers.Binary;
using System.Text;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation;

/// <summary>
/// The byte form of a <see cref="StrategyState"/> inside the sealed checkpoint. Deterministic (names
/// in ordinal order, fixed-width little-endian numbers, floats by their bits), versioned, and decoded
/// strictly: one encoding per state, so anything else is refused with a
/// <see cref="StrategyStateFormatException"/> naming what is wrong and where.
/// </summary>
/// <remarks>
/// <code>
/// state   = magic "FHSS" | version u8 (1) | u32 scalar count | scalar* | u32 vector count | vector*
/// scalar  = name | kind u8 (0 boolean, 1 integer, 2 number, 3 text) | value
///           boolean: u8 0 or 1; integer: i64; number: f64 bits; text: u32 byte length | UTF-8
/// vector  = name | u32 element count | f32 bits*
/// name    = u16 byte length (1..1024) | UTF-8; names strictly increasing (ordinal) within each list
/// </code>
/// All integers little-endian; nothing may follow the last vector.
/// </remarks>
public static class StrategyStateCodec
{
    public const byte Version = 1;
    public const int MaxNameBytes = 1024;

    static ReadOnlySpan<byte> Magic => "FHSS"u8;

    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Utf8);
        writer.Write(Magic);
        writer.Write(Version);
        var scalars = state.Scalars.OrderBy(s => s.Key, StringComparer.Ordinal).ToArray();
        writer.Write((uint)scalars.Length);
        foreach (var (name, value) in scalars)
        {
            WriteName(writer, name);
            writer.Write((byte)value.Kind);
            switch (value.Kind)
            {
                case ConfigValueKind.Boolean: writer.Write((byte)(value.AsBoolean() ? 1 : 0)); break;
                case ConfigValueKind.Integer: writer.Write(value.AsInteger()); break;
                case ConfigValueKind.Number: writer.Write(BitConverter.DoubleToInt64Bits(value.AsNumber())); break;
                case ConfigValueKind.Text:
                    var text = Utf8.GetBytes(value.AsText());
                    writer.Write((uint)text.Length);
                    writer.Write(text);
                    break;
                default: throw new ArgumentException($"scalar '{name}' has unknown kind {value.Kind}", nameof(state));
            }
        }
        var vectors = state.Vectors.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray();
        writer.Write((uint)vectors.Length);
        var buffer = new byte[4];
        foreach (var (name, vector) in vectors)
        {
            WriteName(writer, name);
            writer.Write((uint)vector.Length);
            foreach (float f in vector)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer, f);
                writer.Write(buffer);
            }
        }
        writer.Flush();
        return stream.ToArray();
    }

    public static StrategyState Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new StrategyStateFormatException("not an encoded strategy state (the magic 'FHSS' is missing)");
        reader.Skip(Magic.Length);
        byte version = reader.Byte("version");
        if (version != Version)
            throw new StrategyStateFormatException($"strategy state version {version} is not supported (this build reads {Version})");

        uint scalarCount = reader.UInt32("scalar count");
        // The smallest scalar is a 1-byte name with a boolean: 2 + 1 + 1 + 1 bytes.
        reader.Expect(scalarCount, 5, "scalars");
        var scalars = new List<KeyValuePair<string, ConfigValue>>((int)scalarCount);
        string? previous = null;
        for (uint i = 0; i < scalarCount; i++)
        {
            string name = reader.Name($"scalar {i}", ref previous);
            int at = reader.Position;
            byte kind = reader.Byte($"kind of scalar '{name}'");
            ConfigValue value = kind switch
            {
                (byte)ConfigValueKind.Boolean => reader.Byte($"scalar '{name}'") switch
                {
                    0 => ConfigValue.Of(false),
                    1 => ConfigValue.Of(true),
                    var b => throw new StrategyStateFormatException($"at byte {at + 1}: boolean scalar '{name}' is {b}, not 0 or 1"),
                },
                (byte)ConfigValueKind.Integer => ConfigValue.Of(reader.Int64($"scalar '{name}'")),
                (byte)ConfigValueKind.Number => ConfigValue.Of(BitConverter.Int64BitsToDouble(reader.Int64($"scalar '{name}'"))),
                (byte)ConfigValueKind.Text => ConfigValue.Of(reader.Text(reader.UInt32($"length of scalar '{name}'"), $"text scalar '{name}'")),
                _ => throw new StrategyStateFormatException($"at byte {at}: scalar '{name}' has unknown kind {kind}"),
            };
            scalars.Add(new(name, value));
        }

        uint vectorCount = reader.UInt32("vector count");
        // The smallest vector is a 1-byte name and an empty body: 2 + 1 + 4 bytes.
        reader.Expect(vectorCount, 7, "vectors");
        var vectors = new Dictionary<string, float[]>((int)vectorCount, StringComparer.Ordinal);
        previous = null;
        for (uint i = 0; i < vectorCount; i++)
        {
            string name = reader.Name($"vector {i}", ref previous);
            uint length = reader.UInt32($"length of vector '{name}'");
            reader.Expect(length, 4, $"values of vector '{name}'");
            var vector = new float[length];
            for (int j = 0; j < vector.Length; j++)
                vector[j] = reader.Single();
            vectors[name] = vector;
        }
        if (reader.Remaining > 0)
            throw new StrategyStateFormatException($"at byte {reader.Position}: {reader.Remaining} byte(s) follow the last vector");
        return new StrategyState(StageConfig.From(scalars), vectors);
    }

    static void WriteName(BinaryWriter writer, string name)
    {
        var bytes = Utf8.GetBytes(name);
        if (bytes.Length is 0 or > MaxNameBytes)
            throw new ArgumentException($"state name '{name}' is {bytes.Length} bytes of UTF-8, must be 1..{MaxNameBytes}");
        writer.Write((ushort)bytes.Length);
        writer.Write(bytes);
    }

    ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        public readonly int Remaining => _bytes.Length - Position;

        public void Skip(int count) => Position += count;

        /// <summary>Refuses a count that the bytes left cannot hold, before anything is allocated for it.</summary>
        public readonly void Expect(uint count, int minimumBytesEach, string what)
        {
            if (count > (ulong)Remaining / (ulong)minimumBytesEach)
                throw new StrategyStateFormatException($"at byte {Position}: {count} {what} cannot fit in the {Remaining} byte(s) left");
        }

        ReadOnlySpan<byte> Take(int count, string what)
        {
            if (count > Remaining)
                throw new StrategyStateFormatException($"at byte {Position}: the state ends inside {what} ({count} byte(s) needed, {Remaining} left)");
            var span = _bytes.Slice(Position, count);
            Position += count;
            return span;
        }

        public byte Byte(string what) => Take(1, what)[0];

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public long Int64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

        public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a vector value"));

        public string Text(uint length, string what)
        {
            int at = Position;
            if (length > Remaining)
                throw new StrategyStateFormatException($"at byte {at}: the state ends inside {what} ({length} byte(s) needed, {Remaining} left)");
            try
            {
                return Utf8.GetString(Take((int)length, what));
            }
            catch (DecoderFallbackException)
            {
                throw new StrategyStateFormatException($"at byte {at}: {what} is not valid UTF-8");
            }
        }

        public string Name(string what, ref string? previous)
        {
            int at = Position;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, $"the name length of {what}"));
            if (length is 0 or > MaxNameBytes)
                throw new StrategyStateFormatException($"at byte {at}: the name of {what} is {length} bytes long, must be 1..{MaxNameBytes}");
            string name = Text((uint)length, $"the name of {what}");
            if (previous is not null && string.CompareOrdinal(previous, name) >= 0)
                throw new StrategyStateFormatException($"at byte {at}: name '{name}' of {what} does not follow '{previous}' in ordinal order (names are sorted, each once)");
            previous = name;
            return name;
        }
    }
}
