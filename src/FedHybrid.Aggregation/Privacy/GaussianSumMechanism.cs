using MathNet.Numerics.Distributions;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>The Gaussian mechanism of central DP-FedAvg (McMahan, Ramage, Talwar, Zhang, ICLR 2018): every
/// update is clipped to L2 norm S, the clipped updates are summed, and N(0, (σ·S)²) noise is added to each
/// coordinate of the sum. Adding or removing one client moves the sum by at most S, so this is the Gaussian
/// mechanism with noise multiplier σ; dividing by a fixed, public denominator (the expected cohort size) is
/// post-processing, dividing by the actual count is not. The noise comes from the <see cref="Random"/> given:
/// a seeded generator reproduces a run bit for bit, a cryptographic one (e.g. MathNet's CryptoRandomSource) is
/// for deployment. Floating-point Gaussian noise is the standard of the DP-FedAvg literature; the exact
/// integer alternative is the distributed discrete Gaussian.</summary>
public sealed class GaussianSumMechanism
{
    public GaussianSumMechanism(double clipNorm, double noiseMultiplier)
    {
        if (!(clipNorm > 0) || double.IsInfinity(clipNorm))
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be positive and finite.");
        if (!(noiseMultiplier >= 0) || double.IsInfinity(noiseMultiplier))
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be finite and non-negative.");
        ClipNorm = clipNorm;
        NoiseMultiplier = noiseMultiplier;
    }

    public double ClipNorm { get; }

    public double NoiseMultiplier { get; }

    /// <summary>Standard deviation of the noise on each coordinate of the sum: σ·S.</summary>
    public double NoiseStddev => NoiseMultiplier * ClipNorm;

    /// <summary>Clips copies of <paramref name="updates"/>, sums them in double in the given order and adds the noise.
    /// <paramref name="unclipped"/> counts the updates whose norm was already within the bound.</summary>
    public float[] NoisedSum(IReadOnlyList<float[]> updates, Random random, out int unclipped)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(random);
        if (updates.Count == 0) throw new ArgumentException("at least one update is needed", nameof(updates));
        int length = updates[0].Length;
        var sum = new double[length];
        var scratch = new float[length];
        unclipped = 0;
        for (int k = 0; k < updates.Count; k++)
        {
            if (updates[k].Length != length)
                throw new ArgumentException($"update {k} has length {updates[k].Length}, expected {length}", nameof(updates));
            updates[k].CopyTo(scratch, 0);
            if (L2Clipping.ClipInPlace(scratch, ClipNorm) <= ClipNorm) unclipped++;
            for (int i = 0; i < length; i++) sum[i] += scratch[i];
        }
        var result = new float[length];
        double stddev = NoiseStddev;
        for (int i = 0; i < length; i++)
            result[i] = (float)(sum[i] + (stddev > 0 ? Normal.Sample(random, 0, stddev) : 0));
        return result;
    }

    /// <summary><see cref="NoisedSum"/> divided by the fixed <paramref name="expectedCount"/> (McMahan et al.'s
    /// fixed-denominator estimator, unit weights).</summary>
    public float[] NoisedMean(IReadOnlyList<float[]> updates, double expectedCount, Random random)
    {
        if (!(expectedCount > 0)) throw new ArgumentOutOfRangeException(nameof(expectedCount), expectedCount, "The expected count must be positive.");
        var sum = NoisedSum(updates, random, out _);
        for (int i = 0; i < sum.Length; i++) sum[i] = (float)(sum[i] / expectedCount);
        return sum;
    }
}
