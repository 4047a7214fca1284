using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The opener past the signature: the input's header, stanzas and body are signed afresh with
/// the sender's real key before opening, as a malicious but authenticated participant could. This
/// reaches what a mutated envelope otherwise never does: expectations, addressing, stanza unwrap (HPKE,
/// RSA-OAEP, X-Wing) and body decryption on attacker-chosen bytes.</summary>
public sealed class ResignedEnvelopeTarget : IFuzzTarget
{
    public string Name => "envelope-resigned";

    public void Run(ReadOnlySpan<byte> input) => EnvelopeOpening.OpenEveryWay(Resign(input));

    /// <summary>The input up to its body's end, with a valid signature trailer; unchanged if it has no
    /// complete header or is shorter than its header declares.</summary>
    static byte[] Resign(ReadOnlySpan<byte> input)
    {
        if (!EnvelopeFormat.TryReadHeader(input, out var parsed, out _)) return input.ToArray();
        var header = parsed!.Header;
        long prefix = parsed.HeaderLength + parsed.StanzasLength;
        long body = EnvelopeFormat.BodyLength(header.Suite, header.PlaintextLength);
        if (input.Length < prefix + body) return input.ToArray();
        long signed = EnvelopeFormat.SignedLength(header.Suite, header.RecipientIds.Count, prefix, body);
        bool wholeBody = EnvelopeFormat.SignsWholeBody(header.Suite, header.RecipientIds.Count);
        var signature = FuzzMaterial.Signer(header.SignatureAlgorithm)
            .Sign(EnvelopeFormat.SignedMessage(wholeBody, SHA256.HashData(input[..(int)signed])));
        var envelope = new byte[prefix + body + 2 + signature.Length];
        input[..(int)(prefix + body)].CopyTo(envelope);
        BinaryPrimitives.WriteUInt16BigEndian(envelope.AsSpan((int)(prefix + body)), (ushort)signature.Length);
        signature.CopyTo(envelope, prefix + body + 2);
        return envelope;
    }

    public bool IsRejection(Exception exception) => exception is CryptoException;

    public IEnumerable<(string Name, byte[] Data)> Seeds() => EnvelopeSeeds.All();
}
