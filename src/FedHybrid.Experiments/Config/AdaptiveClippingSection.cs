using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Experiments.Config;

/// <summary>privacy.adaptive_clipping: the clip norm follows a quantile of the update norms (Andrew, Thakkar, McMahan,
/// Ramaswamy, NeurIPS 2021), with the paper's defaults.</summary>
public sealed record AdaptiveClippingSection
{
    /// <summary>γ: the fraction of updates that should fall within the clip norm.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double TargetQuantile { get; init; } = 0.5;

    /// <summary>η_C of the geometric update C ← C·exp(-η_C (b̃ - γ)).</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double LearningRate { get; init; } = 0.2;

    /// <summary>σ_b, the noise on the count of unclipped updates; null: the paper's m/20 for a cohort of m clients.
    /// It must exceed σ/2.</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double? ClippedCountStddev { get; init; }
}
