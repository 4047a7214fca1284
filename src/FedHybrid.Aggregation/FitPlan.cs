namespace FedHybrid.Aggregation;

/// <summary>The clients a strategy asks to train in a round (sorted by id, ordinal).</summary>
public sealed record FitPlan(IReadOnlyList<string> Clients);
