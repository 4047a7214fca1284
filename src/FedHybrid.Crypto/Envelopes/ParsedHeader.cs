namespace FedHybrid.Crypto.Envelopes;

/// <summary>A parsed header with the stanza lengths it declares and its own serialized length.</summary>
internal sealed record ParsedHeader(EnvelopeHeader Header, int[] StanzaLengths, int HeaderLength)
{
    public int StanzasLength { get; } = StanzaLengths.Sum();

    public int PrefixLength => HeaderLength + StanzasLength;

    /// <summary>Where stanza <paramref name="index"/> starts in the envelope.</summary>
    public int StanzaOffset(int index)
    {
        int at = HeaderLength;
        for (int i = 0; i < index; i++) at += StanzaLengths[i];
        return at;
    }
}
