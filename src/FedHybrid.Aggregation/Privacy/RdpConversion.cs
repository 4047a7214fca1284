namespace FedHybrid.Aggregation.Privacy;

/// <summary>RDP to (epsilon, delta): the tight conversion of Canonne, Kamath, Steinke 2020 (arXiv:2004.00010,
/// Proposition 12; also Asoodeh et al. 2020 eq. 20), the one dp_accounting's compute_epsilon and
/// compute_delta use, together with the KL bound delta ≤ sqrt(1 - e^{-rdp}) for orders near 1. The classic
/// conversion of Mironov 2017 (Proposition 3), which the moments accountant of Abadi et al. 2016 uses, is
/// kept for comparison with figures published before 2020.</summary>
public static class RdpConversion
{
    /// <summary>The smallest epsilon over the orders at <paramref name="delta"/>.</summary>
    public static PrivacyGuarantee Epsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        Check(orders, rdp);
        if (!(delta >= 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in [0, 1].");
        if (delta == 0)
            return rdp.All(r => r == 0) ? new PrivacyGuarantee(0, 0, orders[0]) : new PrivacyGuarantee(double.PositiveInfinity, 0, orders[0]);
        double best = double.PositiveInfinity, bestOrder = orders[0];
        for (int i = 0; i < orders.Count; i++)
        {
            double a = orders[i], r = rdp[i], eps;
            if (r < 0 || delta * delta + LogMath.ExpMinusOne(-r) > 0) eps = 0;
            else if (a > 1.01) eps = r + LogMath.LogOnePlus(-1 / a) - Math.Log(delta * a) / (a - 1);
            else eps = double.PositiveInfinity;
            if (double.IsNaN(eps)) eps = double.PositiveInfinity;
            if (eps < best) { best = eps; bestOrder = a; }
        }
        return new PrivacyGuarantee(Math.Max(0, best), delta, bestOrder);
    }

    /// <summary>The smallest delta over the orders at <paramref name="epsilon"/>.</summary>
    public static PrivacyGuarantee Delta(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double epsilon)
    {
        Check(orders, rdp);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be non-negative.");
        double best = double.PositiveInfinity, bestOrder = orders[0];
        for (int i = 0; i < orders.Count; i++)
        {
            double a = orders[i], r = rdp[i], logDelta;
            if (r <= 0) logDelta = double.NegativeInfinity;
            else logDelta = 0.5 * LogMath.LogOnePlus(-Math.Exp(-r));
            if (a > 1.01)
            {
                double bound = (a - 1) * (r - epsilon + LogMath.LogOnePlus(-1 / a)) - Math.Log(a);
                if (!double.IsNaN(bound)) logDelta = Math.Min(logDelta, bound);
            }
            if (logDelta < best) { best = logDelta; bestOrder = a; }
        }
        return new PrivacyGuarantee(epsilon, Math.Min(Math.Exp(best), 1.0), bestOrder);
    }

    /// <summary>Mironov 2017, Proposition 3: epsilon = min over α of rdp(α) + log(1/delta)/(α-1). Looser than
    /// <see cref="Epsilon"/>; this is the moments-accountant figure of Abadi et al. 2016.</summary>
    public static PrivacyGuarantee ClassicEpsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        Check(orders, rdp);
        if (!(delta > 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1].");
        double best = double.PositiveInfinity, bestOrder = orders[0];
        for (int i = 0; i < orders.Count; i++)
        {
            double eps = rdp[i] - Math.Log(delta) / (orders[i] - 1);
            if (eps < best) { best = eps; bestOrder = orders[i]; }
        }
        return new PrivacyGuarantee(Math.Max(0, best), delta, bestOrder);
    }

    static void Check(IReadOnlyList<double> orders, IReadOnlyList<double> rdp)
    {
        if (orders.Count == 0) throw new ArgumentException("at least one Rényi order is needed", nameof(orders));
        if (orders.Count != rdp.Count) throw new ArgumentException($"{orders.Count} orders but {rdp.Count} RDP values", nameof(rdp));
        for (int i = 0; i < orders.Count; i++)
        {
            if (!(orders[i] >= 1)) throw new ArgumentOutOfRangeException(nameof(orders), orders[i], $"orders[{i}]: a Rényi order must be at least 1.");
            if (double.IsNaN(rdp[i])) throw new ArgumentException($"rdp[{i}] is NaN", nameof(rdp));
        }
    }
}
