namespace FedHybrid.Aggregation.Privacy;

/// <summary>What adaptive clipping carries between rounds: the current clip norm and how many rounds it has seen.</summary>
public sealed record AdaptiveClippingState(double ClipNorm, long Rounds);
