namespace FedHybrid.Crypto.Envelopes;

/// <summary>A parsed header with the stanza lengths it declares and its own serialized length.</summary>
internal sealed record ParsedHeader(EnvelopeHeader Header, int[] StanzaLengths, int HeaderLength)
{
    public int StanzasLength => StanzaLengths.Sum();
}
