namespace FedHybrid.Crypto.Envelopes;

/// <summary>The result of a successful open: the authenticated header and the plaintext.</summary>
public sealed record OpenedEnvelope(EnvelopeHeader Header, byte[] Plaintext);
