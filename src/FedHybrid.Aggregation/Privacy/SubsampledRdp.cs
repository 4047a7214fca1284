namespace FedHybrid.Aggregation.Privacy;

/// <summary>Amplification by Poisson subsampling for a mechanism known only by its RDP at integer orders (Zhu and
/// Wang, ICML 2019, the general upper bound, as Kairouz et al.'s and Agarwal et al.'s accounting code applies it to the
/// distributed discrete Gaussian and Skellam): for integer α ≥ 2 and rate q,
/// ε'(α) ≤ 1/(α-1)·log((1-q)^{α-1}(αq - q + 1) + C(α,2)q²(1-q)^{α-2}e^{ε(2)} + 3·Σ_{l=3..α} C(α,l)q^l(1-q)^{α-l}e^{(l-1)ε(l)}),
/// and the result is never more than ε(α) itself.</summary>
public static class SubsampledRdp
{
    /// <param name="order">α, an integer ≥ 2.</param>
    /// <param name="q">The sampling rate in (0, 1].</param>
    /// <param name="rdp">ε(l) of the mechanism without sampling, for integer l in [2, α].</param>
    public static double PoissonUpperBound(int order, double q, Func<int, double> rdp)
    {
        ArgumentNullException.ThrowIfNull(rdp);
        if (order < 2) throw new ArgumentOutOfRangeException(nameof(order), order, "The bound is for integer orders of at least 2.");
        if (!(q > 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The sampling rate q must be in (0, 1].");
        double unsampled = rdp(order);
        if (q == 1) return unsampled;
        double logQ = Math.Log(q), log1mQ = LogMath.LogOnePlus(-q);
        // Terms in log space: l = 0..1 together, l = 2, then l ≥ 3 with the factor 3.
        double sum = (order - 1) * log1mQ + Math.Log(order * q - q + 1);
        sum = LogMath.LogAdd(sum, LogMath.LogBinomial(order, 2) + 2 * logQ + (order - 2) * log1mQ + rdp(2));
        for (int l = 3; l <= order; l++)
            sum = LogMath.LogAdd(sum, Math.Log(3) + LogMath.LogBinomial(order, l) + l * logQ + (order - l) * log1mQ + (l - 1) * rdp(l));
        return Math.Min(sum / (order - 1), unsampled);
    }
}
