namespace FedHybrid.Aggregation.Privacy;

/// <summary>Adaptive clipping for central DP (Andrew, Thakkar, McMahan, Ramaswamy, NeurIPS 2021), the paper's defaults.</summary>
/// <param name="TargetQuantile">γ: the fraction of updates that should fall within the clip norm.</param>
/// <param name="LearningRate">η_C: step of the geometric update C ← C·exp(-η_C (b̃ - γ)).</param>
/// <param name="ClippedCountStddev">σ_b, the noise on the count of unclipped updates; null: the paper's m/20 for a
/// cohort of m clients.</param>
public sealed record CentralDpAdaptiveClipping(double TargetQuantile = 0.5, double LearningRate = 0.2, double? ClippedCountStddev = null);
