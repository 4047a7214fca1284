using MathNet.Numerics.Distributions;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Symmetric Skellam noise (Agarwal, Kairouz, Liu, NeurIPS 2021): the difference of two independent
/// Poisson(μ) draws, an integer with mean 0 and variance 2μ. Sums of Skellam shares are Skellam, so n clients
/// each adding variance v/n give exactly variance v at the server. Poisson draws come from MathNet.Numerics, whose
/// sampler returns a 32-bit integer: a larger mean is drawn as a sum of Poisson draws of mean at most 2^30 (a sum of
/// independent Poissons is Poisson, so this is exact).</summary>
public sealed class SkellamSampler
{
    /// <summary>The largest mean drawn in one piece.</summary>
    public const double PieceMean = 1 << 30;

    /// <summary>The largest Poisson mean drawn at all: eight pieces a coordinate. Beyond it a share would take minutes;
    /// Skellam is meant for few bits anyway.</summary>
    public const double MaxMean = 8 * PieceMean;

    readonly double _mu;
    readonly int _pieces;

    /// <summary>Noise with variance <paramref name="variance"/> (μ = variance/2).</summary>
    public SkellamSampler(double variance)
    {
        if (!(variance > 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be positive and finite.");
        if (variance / 2 > MaxMean) throw new ArgumentOutOfRangeException(nameof(variance), variance, $"The Poisson mean variance/2 must be at most {MaxMean}.");
        Variance = variance;
        _pieces = (int)Math.Min(int.MaxValue, Math.Ceiling(variance / 2 / PieceMean));
        _mu = variance / 2 / _pieces;
    }

    public double Variance { get; }

    public long Sample(Random random)
    {
        long value = 0;
        for (int i = 0; i < _pieces; i++) value += (long)Poisson.Sample(random, _mu) - Poisson.Sample(random, _mu);
        return value;
    }

    public void Fill(Span<long> destination, Random random)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Sample(random);
    }
}
