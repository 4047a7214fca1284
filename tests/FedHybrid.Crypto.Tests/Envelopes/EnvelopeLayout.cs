using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>Where the parts of a sealed envelope lie, so tests can tamper with each one; and a re-signer
/// that plays a sender who signs tampered bytes, to show the inner layers hold on their own.</summary>
internal sealed record EnvelopeLayout(int HeaderLength, int StanzasEnd, int SignatureAt, int Total)
{
    public const int SaltAndCommitment = 56;
    public const int SealedChunk = 16384 + 16;

    public int BodyStart => StanzasEnd;
    public int FirstChunk => StanzasEnd + SaltAndCommitment;

    public static EnvelopeLayout Of(byte[] envelope)
    {
        Assert.True(EnvelopeFormat.TryReadHeader(envelope, out var parsed, out _));
        int stanzasEnd = parsed!.HeaderLength + parsed.StanzasLength;
        int signatureAt = stanzasEnd + (int)EnvelopeFormat.BodyLength(parsed.Header.Suite, parsed.Header.PlaintextLength);
        return new EnvelopeLayout(parsed.HeaderLength, stanzasEnd, signatureAt, envelope.Length);
    }

    /// <summary>Replaces the signature with the sender's signature over the (tampered) bytes.</summary>
    public static byte[] Resign(byte[] envelope, int signatureAt, ISigningKey sender)
    {
        Assert.True(EnvelopeFormat.TryReadHeader(envelope, out var parsed, out _));
        var header = parsed!.Header;
        int prefixLength = parsed.HeaderLength + parsed.StanzasLength;
        bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, header.RecipientIds.Count);
        long signed = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, prefixLength, signatureAt - prefixLength);
        var signature = sender.Sign(EnvelopeFormat.SignedMessage(wholeBody, SHA256.HashData(envelope.AsSpan(0, (int)signed))));
        var result = new byte[signatureAt + 2 + signature.Length];
        envelope.AsSpan(0, signatureAt).CopyTo(result);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(signatureAt), (ushort)signature.Length);
        signature.CopyTo(result, signatureAt + 2);
        return result;
    }
}
