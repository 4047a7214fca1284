using System.Buffers.Binary;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>A strictly ascending list of client indices as a blob: a 4-byte big-endian count, then each
/// index as 4 bytes big-endian.</summary>
public static class IndexList
{
    public static byte[] Encode(IEnumerable<int> indices)
    {
        var list = indices.ToArray();
        var bytes = new byte[4 + 4 * list.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, list.Length);
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] < 0 || (i > 0 && list[i] <= list[i - 1]))
                throw new ArgumentException($"indices must be non-negative and strictly ascending; got {list[i]} at {i}", nameof(indices));
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), list[i]);
        }
        return bytes;
    }

    /// <exception cref="StageConfigException">The blob is cut short, too long, or not strictly ascending indices below <paramref name="limit"/>.</exception>
    public static int[] Decode(ReadOnlySpan<byte> bytes, int limit, string name)
    {
        if (bytes.Length < 4)
            throw new StageConfigException($"'{name}' is {bytes.Length} bytes, too short for its count");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (count < 0 || count > limit || bytes.Length != 4 + 4L * count)
            throw new StageConfigException($"'{name}' declares {count} indices in {bytes.Length} bytes (at most {limit})");
        var list = new int[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (list[i] < 0 || list[i] >= limit || (i > 0 && list[i] <= list[i - 1]))
                throw new StageConfigException($"'{name}' holds index {list[i]} at {i}: indices must be strictly ascending in [0, {limit})");
        }
        return list;
    }
}
