using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Composition of discrete privacy-loss distributions on a common grid: the PMF of the summed loss
/// is the convolution of the parts, computed as one product of their FFTs, each raised to its count by
/// repeated squaring (Koskela, Jälkö, Honkela 2020; dp_accounting's self_convolve). The output window is
/// chosen by a Chernoff bound so that at most <c>tailBound</c> of the mass lies below it and at most
/// <c>tailBound</c> above it; the mass above is added to the mass at +∞, and mass below that wraps into
/// the window lands at a larger loss than its own, so the result stays an upper bound.</summary>
public static class PldComposition
{
    /// <summary>Largest FFT length accepted (2^24 complex values, 256 MiB).</summary>
    public const int MaxLength = 1 << 24;

    public static PrivacyLossPmf Compose(IReadOnlyList<(PrivacyLossPmf Pmf, long Count)> parts, double tailBound = 1e-15) =>
        Compose(parts, tailBound, cache: null);

    /// <summary><see cref="Compose(IReadOnlyList{ValueTuple{PrivacyLossPmf, long}}, double)"/>, reusing what
    /// <paramref name="cache"/> kept from earlier compositions of the same distributions (the same arithmetic,
    /// so the same result to the bit).</summary>
    public static PrivacyLossPmf Compose(IReadOnlyList<(PrivacyLossPmf Pmf, long Count)> parts, double tailBound, PldCompositionCache? cache)
    {
        if (parts.Count == 0) throw new ArgumentException("at least one distribution is needed", nameof(parts));
        if (!(tailBound > 0 && tailBound < 1)) throw new ArgumentOutOfRangeException(nameof(tailBound), tailBound, "tailBound must be in (0, 1).");
        double grid = parts[0].Pmf.Discretization;
        var used = new List<(PrivacyLossPmf Pmf, long Count)>();
        foreach (var (pmf, count) in parts)
        {
            if (pmf.Discretization != grid)
                throw new ArgumentException($"all distributions must share one discretization interval ({grid} vs {pmf.Discretization})", nameof(parts));
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(parts), count, "counts must be non-negative.");
            if (count > 0) used.Add((pmf, count));
        }
        if (used.Count == 0) return new PrivacyLossPmf(grid, 0, [1.0], 0);
        if (used.Count == 1 && used[0].Count == 1) return used[0].Pmf;

        // Mass at +∞ composes as 1 - Π(1 - m)^count; the finite parts are convolved.
        double logFinite = 0;
        long offset = 0, maxRelative = 0;
        double partVariance = 0;
        foreach (var (pmf, count) in used)
        {
            logFinite += count * LogMath.LogOnePlus(-pmf.InfinityMass);
            offset += count * pmf.LowerIndex;
            maxRelative += count * (pmf.Probabilities.Length - 1);
            partVariance += cache?.Variance(pmf) ?? Variance(pmf.Probabilities);
        }
        double infinity = -LogMath.ExpMinusOne(logFinite);

        // Chernoff: P(S ≥ a) ≤ exp(K(t) - t·a) for t > 0 and P(S ≤ a) ≤ exp(K(t) - t·a) for t < 0, where K is the
        // summed log moment generating function of the relative bucket indices, K(t) = Σ count·K_part(t). The best t
        // is near (a few)/√(count·variance); the grid of t spans 10^-6 .. 10^4 of 1/√(variance of one of each part),
        // which holds it for any count up to 10^10, and does not depend on the counts, so a cache keeps each part's
        // K_part on it and composing the same parts again (T rounds, then T + 1) skips every pass over them.
        double scale = 1 / Math.Sqrt(partVariance + 1);
        double upper = maxRelative, lower = 0, logTail = Math.Log(tailBound);
        var logP = used.Select(u => cache?.LogProbabilities(u.Pmf) ?? LogProbabilities(u.Pmf)).ToArray();
        for (int k = -60; k <= 40; k++)
        {
            double t = scale * Math.Pow(10, k / 10.0);
            foreach (double signed in new[] { t, -t })
            {
                double cumulant = 0;
                for (int g = 0; g < used.Count; g++)
                    cumulant += used[g].Count * (cache?.LogMgf(used[g].Pmf, signed) ?? LogMgf(logP[g], signed));
                double bound = (cumulant - logTail) / signed;
                if (signed > 0) upper = Math.Min(upper, bound);
                else lower = Math.Max(lower, bound);
            }
        }
        long windowLo = Math.Max(0, (long)Math.Floor(lower)), windowHi = Math.Min(maxRelative, (long)Math.Ceiling(upper));
        if (windowHi < windowLo) windowHi = windowLo;
        long windowLength = windowHi - windowLo + 1;
        long needed = Math.Max(windowLength, used.Max(u => (long)u.Pmf.Probabilities.Length));
        if (needed > MaxLength)
            throw new ArgumentOutOfRangeException(nameof(parts), needed,
                $"the composed distribution needs {needed} buckets at discretization {grid} (limit {MaxLength}): use a coarser discretization interval.");
        int length = (int)BitOperations.RoundUpToPowerOf2((uint)needed);

        Complex[]? product = null;
        foreach (var (pmf, count) in used)
        {
            var transform = cache?.Spectrum(pmf, length) ?? Spectrum(pmf, length);
            var spectrum = new Complex[length];
            for (int i = 0; i < length; i++)
            {
                var powered = Power(transform[i], count);
                spectrum[i] = product is null ? powered : product[i] * powered;
            }
            product = spectrum;
        }
        Fourier.Inverse(product!, FourierOptions.Matlab);

        var probabilities = new double[windowLength];
        double inWindow = 0;
        for (long k = windowLo; k <= windowHi; k++)
        {
            double value = product![(int)(k % length)].Real;
            double clipped = value > 0 ? value : 0;
            probabilities[k - windowLo] = clipped;
            inWindow += clipped;
        }
        // Mass above the window (at most tailBound) is charged to +∞.
        double charged = windowHi < maxRelative ? tailBound : 0;
        return new PrivacyLossPmf(grid, offset + windowLo, probabilities, Math.Min(1, infinity + charged));
    }

    internal static double[] LogProbabilities(PrivacyLossPmf pmf) => Array.ConvertAll(pmf.Probabilities, p => Math.Log(p));

    /// <summary>The forward FFT of <paramref name="pmf"/>'s probabilities, zero-padded to <paramref name="length"/>.</summary>
    internal static Complex[] Spectrum(PrivacyLossPmf pmf, int length)
    {
        var spectrum = new Complex[length];
        for (int i = 0; i < pmf.Probabilities.Length; i++) spectrum[i] = pmf.Probabilities[i];
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        return spectrum;
    }

    static Complex Power(Complex z, long n)
    {
        Complex result = Complex.One;
        while (n > 0)
        {
            if ((n & 1) == 1) result *= z;
            z *= z;
            n >>= 1;
        }
        return result;
    }

    internal static double Variance(double[] p)
    {
        double mass = 0, mean = 0;
        for (int i = 0; i < p.Length; i++) { mass += p[i]; mean += i * p[i]; }
        if (mass <= 0) return 0;
        mean /= mass;
        double v = 0;
        for (int i = 0; i < p.Length; i++) v += p[i] * (i - mean) * (i - mean);
        return v / mass;
    }

    /// <summary>log Σ_i p_i e^{t·i} from log p_i, by log-sum-exp (log 0 = -∞ terms drop out).</summary>
    internal static double LogMgf(double[] logP, double t)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < logP.Length; i++) max = Math.Max(max, logP[i] + t * i);
        if (double.IsNegativeInfinity(max)) return double.NegativeInfinity;
        double sum = 0;
        for (int i = 0; i < logP.Length; i++) sum += Math.Exp(logP[i] + t * i - max);
        return max + Math.Log(sum);
    }
}
