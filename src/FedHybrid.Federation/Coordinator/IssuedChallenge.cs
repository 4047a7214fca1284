namespace FedHybrid.Federation.Coordinator;

/// <summary>A join challenge handed to a client: random bytes a single Join may sign before <see cref="Expires"/>.</summary>
public sealed record IssuedChallenge(byte[] Value, DateTimeOffset Expires);
