using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FedHybrid.Federation.Payloads;

/// <summary>
/// The plaintext of a published global model: "FHMD", format version 1 (u32), parameter count (u64),
/// then the parameters as little-endian float32. The round and run are in the envelope header.
/// </summary>
public static class ModelPayload
{
    const uint Magic = 0x444D4846; // "FHMD" read little-endian
    const int HeaderSize = 16;

    public static byte[] Encode(ReadOnlySpan<float> weights)
    {
        var bytes = new byte[HeaderSize + weights.Length * sizeof(float)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)weights.Length);
        WriteFloats(weights, bytes.AsSpan(HeaderSize));
        return bytes;
    }

    public static float[] Decode(ReadOnlySpan<byte> payload, int expectedCount)
    {
        if (payload.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(payload) != Magic)
            throw new MalformedPayloadException("model payload does not start with the FHMD header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) != 1)
            throw new MalformedPayloadException("model payload has an unknown format version");
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]);
        if (count != (ulong)expectedCount || payload.Length - HeaderSize != expectedCount * sizeof(float))
            throw new MalformedPayloadException($"model payload has {count} parameters in {payload.Length - HeaderSize} bytes, expected {expectedCount}");
        return ReadFloats(payload[HeaderSize..]);
    }

    /// <summary>SHA-256 of the parameters' little-endian bytes, hex: equal hashes, bit-identical models.</summary>
    public static string Hash(ReadOnlySpan<float> weights)
    {
        var bytes = new byte[weights.Length * sizeof(float)];
        WriteFloats(weights, bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    internal static void WriteFloats(ReadOnlySpan<float> values, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(values).CopyTo(destination);
        else
            for (int i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
    }

    internal static float[] ReadFloats(ReadOnlySpan<byte> source)
    {
        var values = new float[source.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
            source[..(values.Length * sizeof(float))].CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
        return values;
    }
}
