namespace FedHybrid.Aggregation.Privacy;

/// <summary>A discrete privacy-loss distribution: probability <c>Probabilities[k]</c> at privacy loss
/// <c>(LowerIndex + k)·Discretization</c>, plus <see cref="InfinityMass"/> at +∞ (outcomes with no
/// counterpart). Its hockey-stick divergence is δ(ε) = InfinityMass + Σ_k p_k (1 - e^{ε - l_k})⁺.</summary>
public sealed class PrivacyLossPmf
{
    public PrivacyLossPmf(double discretization, long lowerIndex, double[] probabilities, double infinityMass)
    {
        if (!(discretization > 0) || double.IsInfinity(discretization))
            throw new ArgumentOutOfRangeException(nameof(discretization), discretization, "The discretization interval must be positive and finite.");
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Length == 0) throw new ArgumentException("at least one loss bucket is needed", nameof(probabilities));
        if (!(infinityMass >= 0 && infinityMass <= 1))
            throw new ArgumentOutOfRangeException(nameof(infinityMass), infinityMass, "The mass at infinity must be in [0, 1].");
        Discretization = discretization;
        LowerIndex = lowerIndex;
        Probabilities = probabilities;
        InfinityMass = infinityMass;
    }

    public double Discretization { get; }

    public long LowerIndex { get; }

    public double[] Probabilities { get; }

    public double InfinityMass { get; }

    public double Loss(int k) => (LowerIndex + k) * Discretization;

    /// <summary>δ at <paramref name="epsilon"/>.</summary>
    public double DeltaForEpsilon(double epsilon)
    {
        if (double.IsNaN(epsilon)) throw new ArgumentException("epsilon is NaN", nameof(epsilon));
        double delta = InfinityMass;
        for (int k = Probabilities.Length - 1; k >= 0; k--)
        {
            double loss = Loss(k);
            if (loss <= epsilon) break;
            delta += Probabilities[k] * -LogMath.ExpMinusOne(epsilon - loss);
        }
        return Math.Min(1, delta);
    }

    /// <summary>The smallest ε ≥ 0 with δ(ε) ≤ <paramref name="delta"/> (+∞ when the mass at infinity exceeds it).</summary>
    public double EpsilonForDelta(double delta)
    {
        if (!(delta >= 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in [0, 1].");
        if (InfinityMass > delta) return double.PositiveInfinity;
        // Scan down from the largest loss with A = Σ_{m>k} p_m and C = Σ_{m>k} p_m e^{l_k - l_m}, so that
        // δ(l_k) = InfinityMass + A - C; C is updated by e^{-Δ} per step and never overflows.
        double a = 0, c = 0, shrink = Math.Exp(-Discretization);
        for (int k = Probabilities.Length - 1; k >= 0; k--)
        {
            double lossK = Loss(k);
            double atK = InfinityMass + a - c;
            if (atK > delta)
            {
                // The crossing lies in [l_k, l_{k+1}], where δ(ε) = InfinityMass + A - e^{ε - l_k}·C.
                double eps = lossK + Math.Log((InfinityMass + a - delta) / c);
                return Math.Max(0, eps);
            }
            if (lossK <= 0) return 0;
            a += Probabilities[k];
            c = (c + Probabilities[k]) * shrink;
        }
        return 0;
    }
}
