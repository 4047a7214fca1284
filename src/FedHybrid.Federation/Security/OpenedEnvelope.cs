namespace FedHybrid.Federation.Security;

/// <summary>An envelope that opened and authenticated: its header fields and plaintext.
/// <see cref="EnvelopeId"/> is unique per sealing, so a receiver can refuse replays.</summary>
public sealed record OpenedEnvelope(string RunId, long Round, string Sender, string EnvelopeId, byte[] Payload);
