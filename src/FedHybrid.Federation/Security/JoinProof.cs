using System.Buffers.Binary;
using System.Text;
using FedHybrid.Crypto;

namespace FedHybrid.Federation.Security;

/// <summary>
/// The message a client signs to prove at join that it holds its provisioned signing key: a domain
/// label, then the challenge, client id, run id, suite and both presented public keys, each prefixed
/// by its length (u32 little-endian) so no two field lists encode alike.
/// </summary>
public static class JoinProof
{
    /// <summary>Keeps a join signature from ever being valid as an envelope signature or anything else.</summary>
    public static ReadOnlySpan<byte> Label => "fedhybrid/v1/join-proof\0"u8;

    public static byte[] Message(ReadOnlySpan<byte> challenge, string runId, string suite, PublicIdentity presented)
    {
        var fields = new[]
        {
            challenge.ToArray(), Encoding.UTF8.GetBytes(presented.Id), Encoding.UTF8.GetBytes(runId), Encoding.UTF8.GetBytes(suite),
            presented.EnvelopeKey, presented.SigningKey,
        };
        var message = new byte[Label.Length + fields.Sum(f => sizeof(uint) + f.Length)];
        Label.CopyTo(message);
        int offset = Label.Length;
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(offset), (uint)field.Length);
            field.CopyTo(message, offset + sizeof(uint));
            offset += sizeof(uint) + field.Length;
        }
        return message;
    }

    /// <summary>True when <paramref name="signature"/> over <paramref name="message"/> verifies under the
    /// signing key <paramref name="provisioned"/> was provisioned with; false for an unusable key.</summary>
    public static bool Verify(PublicIdentity provisioned, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return PublicKeys.Verifier(provisioned).Verify(message, signature);
        }
        catch (InvalidKeyException)
        {
            return false;
        }
    }
}
