namespace FedHybrid.Crypto.Suites;

/// <summary>The data key wrapped for one recipient (age's stanza). Its bytes are opaque to the envelope:
/// their layout is the suite's (see docs/envelope.md).</summary>
public sealed record Stanza(ReadOnlyMemory<byte> Body);
