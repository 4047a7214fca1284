namespace FedHybrid.Aggregation.Privacy;

/// <summary>RDP of the two distributed discrete mechanisms, in integer units (after scaling by 1/γ and rounding),
/// for add-or-remove-one client without subsampling. Compose the result with <see cref="RdpAccountant.ComposeRdp"/>.
/// Sensitivities come from <see cref="ConditionalRounding.NormBound"/> and <see cref="ConditionalRounding.L1Bound"/>,
/// so the rounding's norm growth is charged. The modular wrap-around of secure aggregation is post-processing of the
/// noised integer sum and costs no privacy (it costs accuracy when the sum overflows the modulus).</summary>
public static class DistributedDpRdp
{
    /// <summary>τ = 10·Σ_{k=1}^{n-1} e^{-2π²σ² k/(k+1)}: how far the sum of n discrete Gaussians N_Z(0, σ²) is from N_Z(0, nσ²)
    /// (Kairouz, Liu, Steinke 2021, Theorem 1).</summary>
    public static double Tau(double localStddev, int clients)
    {
        if (clients < 1) throw new ArgumentOutOfRangeException(nameof(clients), clients, "At least one client is needed.");
        double tau = 0, s2 = localStddev * localStddev;
        for (int k = 1; k < clients; k++) tau += Math.Exp(-2 * Math.PI * Math.PI * s2 * k / (k + 1.0));
        return 10 * tau;
    }

    /// <summary>The distributed discrete Gaussian: each of <paramref name="clients"/> adds N_Z(0, σ²)^d with σ =
    /// <paramref name="localStddev"/> ≥ 1/2 (integer units). Kairouz et al. 2021 Theorem 1 / Canonne et al. 2020
    /// Proposition 14: RDP(α) = min(α/2·Δ₂'² + τd, α/2·(Δ₂'² + 2Δ₁'τ + τ²d), α/2·(Δ₂' + √d τ)²) with
    /// Δ' = Δ/(√n σ).</summary>
    public static double[] DiscreteGaussian(IReadOnlyList<double> orders, double l1Sensitivity, double l2Sensitivity,
        double localStddev, int clients, int dimension)
    {
        if (!(localStddev >= 0.5)) throw new ArgumentOutOfRangeException(nameof(localStddev), localStddev, "The bound needs a local standard deviation of at least 1/2 (integer units).");
        CheckSensitivities(l1Sensitivity, l2Sensitivity, dimension);
        double tau = Tau(localStddev, clients), scale = Math.Sqrt(clients) * localStddev;
        double l1 = l1Sensitivity / scale, l2 = l2Sensitivity / scale, d = dimension, sqrtD = Math.Sqrt(d);
        return orders.Select(a =>
        {
            CheckOrder(a);
            double t1 = a / 2 * l2 * l2 + tau * d;
            double t2 = a / 2 * (l2 * l2 + 2 * l1 * tau + tau * tau * d);
            double t3 = a / 2 * (l2 + sqrtD * tau) * (l2 + sqrtD * tau);
            return Math.Min(t1, Math.Min(t2, t3));
        }).ToArray();
    }

    /// <summary>The Skellam mechanism with total variance <paramref name="variance"/> at the server (integer units).
    /// Agarwal, Kairouz, Liu 2021, Theorem 3.5: RDP(α) = αΔ₂²/(2v) + min(((2α-1)Δ₂² + 6Δ₁)/(4v²), 3Δ₁/(2v)).</summary>
    public static double[] Skellam(IReadOnlyList<double> orders, double l1Sensitivity, double l2Sensitivity, double variance)
    {
        if (!(variance > 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be positive and finite.");
        CheckSensitivities(l1Sensitivity, l2Sensitivity, 1);
        return orders.Select(a =>
        {
            CheckOrder(a);
            double first = a * l2Sensitivity * l2Sensitivity / (2 * variance);
            double second = Math.Min(((2 * a - 1) * l2Sensitivity * l2Sensitivity + 6 * l1Sensitivity) / (4 * variance * variance),
                3 * l1Sensitivity / (2 * variance));
            return first + second;
        }).ToArray();
    }

    static void CheckSensitivities(double l1, double l2, int dimension)
    {
        if (!(l1 >= 0) || double.IsInfinity(l1)) throw new ArgumentOutOfRangeException(nameof(l1), l1, "The L1 sensitivity must be finite and non-negative.");
        if (!(l2 >= 0) || double.IsInfinity(l2)) throw new ArgumentOutOfRangeException(nameof(l2), l2, "The L2 sensitivity must be finite and non-negative.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
    }

    static void CheckOrder(double a)
    {
        if (!(a > 1)) throw new ArgumentOutOfRangeException("orders", a, "Rényi orders must be greater than 1.");
    }
}
