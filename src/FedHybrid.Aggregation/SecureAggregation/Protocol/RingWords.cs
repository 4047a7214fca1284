using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.SecureAggregation.Protocol;

/// <summary>A vector of Z_(2^m) as a blob: little-endian uint32 words, nothing else.</summary>
public static class RingWords
{
    public static byte[] Encode(ReadOnlySpan<uint> words)
    {
        var bytes = new byte[words.Length * sizeof(uint)];
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(words).CopyTo(bytes);
        else
            for (int i = 0; i < words.Length; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), words[i]);
        return bytes;
    }

    /// <exception cref="StageConfigException">Not exactly <paramref name="length"/> words, or a word not below 2^m.</exception>
    public static uint[] Decode(ReadOnlySpan<byte> bytes, int length, uint ringMask, string name)
    {
        if (bytes.Length != (long)length * sizeof(uint))
            throw new StageConfigException($"'{name}' is {bytes.Length} bytes, expected {length} words of 4 bytes");
        var words = new uint[length];
        if (BitConverter.IsLittleEndian)
            bytes.CopyTo(MemoryMarshal.AsBytes(words.AsSpan()));
        else
            for (int i = 0; i < length; i++)
                words[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
        if (ringMask != uint.MaxValue) // every word is below 2^32: only a smaller ring needs the check
            for (int i = 0; i < length; i++)
                if ((words[i] & ~ringMask) != 0)
                    throw new StageConfigException($"'{name}' word {i} is {words[i]}, not below the modulus 2^m (mask {ringMask})");
        return words;
    }
}
