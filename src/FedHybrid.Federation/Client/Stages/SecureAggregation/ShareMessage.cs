using System.Buffers.Binary;
using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>
/// What one client seals to one neighbour in share-keys (Bonawitz et al., CCS 2017, round 1): the
/// neighbour's index (so a share relayed to someone else is refused), its share of the sender's self-mask
/// seed and of its masking secret, and, with X-Wing, the sender's encapsulation to it. Layout: 4-byte
/// big-endian index, the two 37-byte shares, a 4-byte big-endian length and the encapsulation.
/// </summary>
public sealed record ShareMessage(int RecipientIndex, ShamirShare SelfMaskShare, ShamirShare SecretShare, byte[] Encapsulation)
{
    public byte[] Encode()
    {
        var bytes = new byte[4 + 2 * ShamirShare.EncodedSize + 4 + Encapsulation.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, RecipientIndex);
        SelfMaskShare.ToBytes().CopyTo(bytes, 4);
        SecretShare.ToBytes().CopyTo(bytes, 4 + ShamirShare.EncodedSize);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 2 * ShamirShare.EncodedSize), Encapsulation.Length);
        Encapsulation.CopyTo(bytes, 8 + 2 * ShamirShare.EncodedSize);
        return bytes;
    }

    /// <exception cref="StageConfigException">Cut short, or with bytes left over.</exception>
    public static ShareMessage Decode(ReadOnlySpan<byte> bytes)
    {
        const int fixedPart = 8 + 2 * ShamirShare.EncodedSize;
        if (bytes.Length < fixedPart)
            throw new StageConfigException($"a share message is at least {fixedPart} bytes, got {bytes.Length}");
        int length = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 2 * ShamirShare.EncodedSize)..]);
        if (length < 0 || bytes.Length != fixedPart + (long)length)
            throw new StageConfigException($"a share message declares a {length}-byte encapsulation in {bytes.Length} bytes");
        return new ShareMessage(BinaryPrimitives.ReadInt32BigEndian(bytes),
            ShamirShare.FromBytes(bytes.Slice(4, ShamirShare.EncodedSize)),
            ShamirShare.FromBytes(bytes.Slice(4 + ShamirShare.EncodedSize, ShamirShare.EncodedSize)),
            bytes[fixedPart..].ToArray());
    }
}
