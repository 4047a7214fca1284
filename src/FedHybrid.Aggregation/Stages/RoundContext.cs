namespace FedHybrid.Aggregation.Stages;

/// <summary>What a strategy knows at every step of a round: its number (1-based), every client id that
/// may take part (sorted, ordinal), and the global parameters the round started from.</summary>
public sealed record RoundContext(int Round, IReadOnlyList<string> Clients, float[] Global);
