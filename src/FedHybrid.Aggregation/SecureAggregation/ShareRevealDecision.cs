namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>What a client answers to the server's unmask request: the shares to reveal, or a refusal and
/// why (then nothing is revealed).</summary>
public sealed record ShareRevealDecision(IReadOnlyList<ShareReveal> Reveals, string? Refusal)
{
    /// <summary>True when the client reveals nothing because the request was unsafe or inconsistent.</summary>
    public bool Refused => Refusal is not null;
}
