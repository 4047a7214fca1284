using MathNet.Numerics.Distributions;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Symmetric Skellam noise (Agarwal, Kairouz, Liu, NeurIPS 2021): the difference of two independent
/// Poisson(μ) draws, an integer with mean 0 and variance 2μ. Sums of Skellam shares are Skellam, so n clients
/// each adding variance v/n give exactly variance v at the server. Poisson draws come from MathNet.Numerics.</summary>
public sealed class SkellamSampler
{
    readonly double _mu;

    /// <summary>Noise with variance <paramref name="variance"/> (μ = variance/2).</summary>
    public SkellamSampler(double variance)
    {
        if (!(variance > 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be positive and finite.");
        Variance = variance;
        _mu = variance / 2;
    }

    public double Variance { get; }

    public long Sample(Random random) => (long)Poisson.Sample(random, _mu) - Poisson.Sample(random, _mu);

    public void Fill(Span<long> destination, Random random)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Sample(random);
    }
}
