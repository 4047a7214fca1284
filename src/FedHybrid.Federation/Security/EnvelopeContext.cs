namespace FedHybrid.Federation.Security;

/// <summary>The header fields an envelope is sealed under and authenticated with.</summary>
public sealed record EnvelopeContext(string RunId, long Round, string Sender);
