using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The header and stanza-table parser alone (docs/envelope.md section 2): what a receiver parses
/// before anything is authenticated. Its incremental contract is checked too: a short input must ask for
/// more bytes than it has, and a header parsed from the whole input parses the same from its own prefix.</summary>
public sealed class EnvelopeHeaderTarget : IFuzzTarget
{
    public string Name => "envelope-header";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!EnvelopeFormat.TryReadHeader(input, out var parsed, out int needed))
        {
            if (needed <= input.Length)
                throw new FuzzInvariantException($"TryReadHeader gave up on {input.Length} bytes but asked for only {needed}.");
            return;
        }
        int length = parsed!.HeaderLength;
        if (length > input.Length || needed != length)
            throw new FuzzInvariantException($"Header of {length} bytes parsed from {input.Length} bytes (needed {needed}).");
        if (!EnvelopeFormat.TryReadHeader(input[..length], out var again, out _) || again!.Header.EnvelopeId != parsed.Header.EnvelopeId
            || !again.StanzaLengths.SequenceEqual(parsed.StanzaLengths))
            throw new FuzzInvariantException("The header does not parse the same from its own bytes.");
        var peeked = EnvelopeOpener.PeekHeader(input);
        if (peeked.EnvelopeId != parsed.Header.EnvelopeId)
            throw new FuzzInvariantException("PeekHeader and TryReadHeader disagree.");
    }

    public bool IsRejection(Exception exception) => exception is CryptoException;

    public IEnumerable<(string Name, byte[] Data)> Seeds() =>
        EnvelopeSeeds.All().Select(s => (s.Name, s.Data.AsSpan(0, Math.Min(s.Data.Length, 512)).ToArray()));
}
