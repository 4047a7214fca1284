namespace FedHybrid.Attacks.Network;

/// <summary>The coordinator's answer to one reply the proxy forwarded (tampered or not), as it went back to the client.</summary>
public sealed record ForwardedVerdict(string ClientId, int Round, string Stage, bool Accepted, string Reason);
