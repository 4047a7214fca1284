namespace FedHybrid.Aggregation.Privacy;

/// <summary>Adaptive clipping of Andrew, Thakkar, McMahan, Ramaswamy (NeurIPS 2021), with the paper's defaults.</summary>
/// <param name="InitialClipNorm">C at round 0.</param>
/// <param name="NoiseMultiplier">z: the noise multiplier the accountant charges for the combined (update + clipped-count) mechanism.</param>
/// <param name="ExpectedClients">m: the expected number of clients per round (the fixed denominator).</param>
/// <param name="ClippedCountStddev">σ_b: noise on the count of unclipped updates; the paper suggests m/20.</param>
/// <param name="TargetQuantile">γ: the fraction of updates that should fall within the clip norm.</param>
/// <param name="LearningRate">η_C: step of the geometric update C ← C·exp(-η_C (b̃ - γ)).</param>
public sealed record AdaptiveClippingOptions(
    double InitialClipNorm,
    double NoiseMultiplier,
    double ExpectedClients,
    double ClippedCountStddev,
    double TargetQuantile = 0.5,
    double LearningRate = 0.2);
