using System.Buffers.Binary;
using System.Text;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>One neighbour as the coordinator relays it in share-keys: its index, id, and the three public
/// keys it advertised.</summary>
public sealed record Neighbour(int Index, string Id, byte[] MaskingKey, byte[] EnvelopeKey, byte[] SigningKey);

/// <summary>
/// A client's neighbours as one blob: a 4-byte big-endian count, then per neighbour its index (4 bytes),
/// its id (2-byte length, UTF-8) and its masking, envelope and signing keys (each a 4-byte length and the
/// bytes), in strictly ascending index order. The reader refuses anything else by name.
/// </summary>
public static class NeighbourRoster
{
    /// <summary>Largest key a roster carries (an RSA-4096 SubjectPublicKeyInfo is about 550 bytes; X-Wing's 1216).</summary>
    public const int MaxKeyBytes = 16 * 1024;

    public static byte[] Encode(IReadOnlyList<Neighbour> neighbours)
    {
        using var buffer = new MemoryStream();
        var word = new byte[4];
        void Int(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, value);
            buffer.Write(word);
        }
        void Bytes(byte[] bytes)
        {
            Int(bytes.Length);
            buffer.Write(bytes);
        }
        Int(neighbours.Count);
        for (int i = 0; i < neighbours.Count; i++)
        {
            var n = neighbours[i];
            if (i > 0 && n.Index <= neighbours[i - 1].Index)
                throw new ArgumentException("neighbours must be in strictly ascending index order", nameof(neighbours));
            Int(n.Index);
            var id = Encoding.UTF8.GetBytes(n.Id);
            BinaryPrimitives.WriteUInt16BigEndian(word, checked((ushort)id.Length));
            buffer.Write(word, 0, 2);
            buffer.Write(id);
            Bytes(n.MaskingKey);
            Bytes(n.EnvelopeKey);
            Bytes(n.SigningKey);
        }
        return buffer.ToArray();
    }

    /// <exception cref="StageConfigException">The blob is cut short, has bytes left over, an index out of
    /// order or not below <paramref name="cohort"/>, an empty or oversized field.</exception>
    public static IReadOnlyList<Neighbour> Decode(ReadOnlySpan<byte> bytes, int cohort)
    {
        var reader = new Reader(bytes);
        int count = reader.Int("count");
        if (count < 0 || count >= Math.Max(cohort, 1))
            throw new StageConfigException($"the roster declares {count} neighbours in a cohort of {cohort}");
        var list = new List<Neighbour>(count);
        for (int i = 0; i < count; i++)
        {
            int index = reader.Int("index");
            if (index < 0 || index >= cohort || (i > 0 && index <= list[^1].Index))
                throw new StageConfigException($"roster entry {i} has index {index}: indices must be strictly ascending in [0, {cohort})");
            string id = reader.Id();
            list.Add(new Neighbour(index, id, reader.Key("masking key"), reader.Key("envelope key"), reader.Key("signing key")));
        }
        reader.End();
        return list;
    }

    ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> _rest = bytes;

        public int Int(string what)
        {
            Need(4, what);
            int value = BinaryPrimitives.ReadInt32BigEndian(_rest);
            _rest = _rest[4..];
            return value;
        }

        public string Id()
        {
            Need(2, "id length");
            int length = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            _rest = _rest[2..];
            if (length == 0)
                throw new StageConfigException("a roster entry has an empty id");
            Need(length, "id");
            string id = Encoding.UTF8.GetString(_rest[..length]);
            _rest = _rest[length..];
            return id;
        }

        public byte[] Key(string what)
        {
            int length = Int(what + " length");
            if (length <= 0 || length > MaxKeyBytes)
                throw new StageConfigException($"a roster {what} is {length} bytes; allowed 1..{MaxKeyBytes}");
            Need(length, what);
            var key = _rest[..length].ToArray();
            _rest = _rest[length..];
            return key;
        }

        public readonly void End()
        {
            if (!_rest.IsEmpty)
                throw new StageConfigException($"the roster has {_rest.Length} bytes after its last entry");
        }

        readonly void Need(int count, string what)
        {
            if (_rest.Length < count)
                throw new StageConfigException($"the roster is cut short in its {what}");
        }
    }
}
