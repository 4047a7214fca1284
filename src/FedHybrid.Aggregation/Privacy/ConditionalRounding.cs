namespace FedHybrid.Aggregation.Privacy;

/// <summary>Conditional randomized rounding (Kairouz, Liu, Steinke, ICML 2021, Sec 4.1): each coordinate goes to
/// its floor or ceiling with probability given by its fractional part (unbiased), and the whole vector is
/// redrawn until its L2 norm is within <see cref="NormBound"/>. That bound is what the accountant uses as the
/// L2 sensitivity, so rounding's growth of the norm is charged, not ignored.</summary>
public static class ConditionalRounding
{
    /// <summary>The rounded vector's L2 bound for an input of norm at most <paramref name="l2Norm"/> (already scaled to
    /// integer units) in dimension <paramref name="dimension"/>: min(c + √d, sqrt(c² + d/4 + sqrt(2 ln(1/β))·(c + √d/2))).
    /// With β = 0 only the deterministic bound c + √d is used. Each draw meets the second bound with probability ≥ 1 - β.</summary>
    public static double NormBound(double l2Norm, int dimension, double beta)
    {
        if (!(l2Norm > 0) || double.IsInfinity(l2Norm)) throw new ArgumentOutOfRangeException(nameof(l2Norm), l2Norm, "The norm bound must be positive and finite.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be in [0, 1).");
        double sqrtD = Math.Sqrt(dimension), deterministic = l2Norm + sqrtD;
        if (beta == 0) return deterministic;
        double squared = l2Norm * l2Norm + 0.25 * dimension + Math.Sqrt(2 * Math.Log(1 / beta)) * (l2Norm + 0.5 * sqrtD);
        return Math.Min(deterministic, Math.Sqrt(squared));
    }

    /// <summary>The L1 bound of an integer vector of L2 norm at most <paramref name="l2Bound"/>: l2·min(√d, l2)
    /// (every nonzero integer coordinate has |x_i| ≤ x_i², so ‖x‖₁ ≤ ‖x‖₂²).</summary>
    public static double L1Bound(double l2Bound, int dimension) => l2Bound * Math.Min(Math.Sqrt(dimension), l2Bound);

    /// <summary>Rounds <paramref name="x"/> randomly, redrawing until the L2 norm is at most <paramref name="normBound"/>.</summary>
    public static long[] Round(ReadOnlySpan<double> x, double normBound, Random random, int maxAttempts = 1000)
    {
        ArgumentNullException.ThrowIfNull(random);
        var result = new long[x.Length];
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            double squared = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double floor = Math.Floor(x[i]);
                long value = (long)floor + (random.NextDouble() < x[i] - floor ? 1 : 0);
                result[i] = value;
                squared += (double)value * value;
            }
            if (Math.Sqrt(squared) <= normBound) return result;
        }
        throw new InvalidOperationException($"randomized rounding exceeded the norm bound {normBound} in {maxAttempts} attempts: the input norm is larger than the bound was computed for");
    }
}
