namespace FedHybrid.Aggregation.Privacy;

/// <summary>Parameters of a distributed-DP client encoding.</summary>
/// <param name="ClipNorm">L2 clip norm S of the update (model units).</param>
/// <param name="Granularity">γ: one integer step in model units; the rotated update is scaled by 1/γ before rounding.</param>
/// <param name="Beta">β: per-draw failure probability of the conditional rounding bound (Kairouz et al. use e^{-0.5}).</param>
/// <param name="Noise">Which integer noise the client adds.</param>
/// <param name="LocalVariance">Variance of each client's noise share, in integer units (σ² for the discrete Gaussian, 2μ for Skellam).</param>
/// <param name="Bits">The secure-aggregation modulus is 2^Bits; encoded values are reduced into [0, 2^Bits).</param>
public sealed record DistributedDpOptions(double ClipNorm, double Granularity, double Beta, DistributedNoise Noise, double LocalVariance, int Bits);
