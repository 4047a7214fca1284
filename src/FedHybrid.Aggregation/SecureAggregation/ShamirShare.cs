using System.Buffers.Binary;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>One Shamir share: the point (X, f(X)) of the sharing polynomial over GF(p),
/// p = <see cref="ShamirSecretSharing.Prime"/>. Y is <see cref="ShamirSecretSharing.ElementSize"/> bytes,
/// big-endian, below p. X is the recipient's evaluation point (client id + 1; never 0, which holds the
/// secret).</summary>
public sealed record ShamirShare(int X, byte[] Y)
{
    /// <summary>Bytes of <see cref="ToBytes"/>: a 4-byte big-endian X then Y.</summary>
    public const int EncodedSize = 4 + ShamirSecretSharing.ElementSize;

    /// <summary>4-byte big-endian X, then the 33 bytes of Y.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[EncodedSize];
        BinaryPrimitives.WriteInt32BigEndian(bytes, X);
        Y.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>The inverse of <see cref="ToBytes"/>; the share's range is checked on reconstruction.</summary>
    public static ShamirShare FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != EncodedSize)
            throw new ArgumentException($"an encoded Shamir share is {EncodedSize} bytes, got {bytes.Length}", nameof(bytes));
        return new ShamirShare(BinaryPrimitives.ReadInt32BigEndian(bytes), bytes[4..].ToArray());
    }
}
