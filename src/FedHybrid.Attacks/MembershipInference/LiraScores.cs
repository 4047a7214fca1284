namespace FedHybrid.Attacks.MembershipInference;

/// <summary>LiRA's per-example scores (higher = member): <paramref name="Online"/> needs IN shadows for every
/// example and is null without them; <paramref name="Offline"/> uses OUT shadows only.</summary>
public sealed record LiraScores(double[]? Online, double[] Offline);
