using System.Buffers.Binary;

namespace FedHybrid.Federation.Payloads;

/// <summary>
/// The plaintext of a client update: "FHUP", format version 1 (u32), sample count (i64), parameter
/// count (u64), then delta = local - global as little-endian float32. The sample count is inside the
/// sealed payload so a client cannot be given more weight in transit.
/// </summary>
public static class UpdatePayload
{
    const uint Magic = 0x50554846; // "FHUP" read little-endian
    const int HeaderSize = 24;

    public static int EncodedSize(int parameterCount) => HeaderSize + parameterCount * sizeof(float);

    public static byte[] Encode(ReadOnlySpan<float> delta, long sampleCount)
    {
        var bytes = new byte[EncodedSize(delta.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), sampleCount);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (ulong)delta.Length);
        ModelPayload.WriteFloats(delta, bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>The delta and sample count; throws <see cref="MalformedPayloadException"/> when the
    /// header is wrong, and reports the declared parameter count through <paramref name="count"/>.</summary>
    public static (float[] Delta, long SampleCount) Decode(ReadOnlySpan<byte> payload, out long count)
    {
        if (payload.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(payload) != Magic)
            throw new MalformedPayloadException("update payload does not start with the FHUP header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) != 1)
            throw new MalformedPayloadException("update payload has an unknown format version");
        long samples = BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);
        count = (long)BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]);
        // Compared as a division, so a huge declared count cannot wrap around to the bytes present.
        if (count < 0 || (payload.Length - HeaderSize) % sizeof(float) != 0 || count != (payload.Length - HeaderSize) / sizeof(float))
            throw new MalformedPayloadException($"update payload declares {count} parameters but carries {payload.Length - HeaderSize} bytes");
        return (ModelPayload.ReadFloats(payload[HeaderSize..]), samples);
    }
}
