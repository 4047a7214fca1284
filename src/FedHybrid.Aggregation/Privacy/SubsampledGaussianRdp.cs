namespace FedHybrid.Aggregation.Privacy;

/// <summary>Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019,
/// "Rényi Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530), add-or-remove-one
/// adjacency, sensitivity 1, noise standard deviation sigma. The RDP at order α is log(A_α)/(α-1) with
/// A_α = E_{z~N(0,σ²)}[((1-q) + q·e^{(2z-1)/(2σ²)})^α]: computed exactly by the binomial expansion for
/// integer α (their Sec 3.2) and by the two convergent series split at z0 for fractional α (Sec 3.3), with
/// the binomial coefficients' signs kept (tensorflow_privacy's rdp_accountant; dp_accounting now sums
/// absolute values, an upper bound that is up to a few percent larger at orders below 2).</summary>
public static class SubsampledGaussianRdp
{
    /// <summary>Cap on the fractional series; an order that has not converged by then is reported as +∞
    /// (which excludes it from the conversion) rather than as a wrong finite value.</summary>
    public const int MaxFractionalTerms = 1000;

    /// <summary>RDP at <paramref name="order"/> of one step with sampling rate <paramref name="q"/> and noise
    /// multiplier <paramref name="sigma"/>.</summary>
    public static double Rdp(double q, double sigma, double order)
    {
        Validate(q, sigma);
        if (!(order > 1)) throw new ArgumentOutOfRangeException(nameof(order), order, "Rényi order must be greater than 1.");
        if (q == 0) return 0;
        if (double.IsPositiveInfinity(order) || sigma == 0) return double.PositiveInfinity;
        if (q == 1) return order / (2 * sigma * sigma);
        return LogA(q, sigma, order) / (order - 1);
    }

    /// <summary>RDP of one step at each of <paramref name="orders"/>.</summary>
    public static double[] Rdp(double q, double sigma, IReadOnlyList<double> orders)
    {
        var result = new double[orders.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Rdp(q, sigma, orders[i]);
        return result;
    }

    /// <summary>log(A_α) for 0 &lt; q &lt; 1.</summary>
    public static double LogA(double q, double sigma, double alpha) =>
        alpha == Math.Floor(alpha) && alpha < int.MaxValue ? LogAInteger(q, sigma, (int)alpha) : LogAFractional(q, sigma, alpha);

    static double LogAInteger(double q, double sigma, int alpha)
    {
        double logA = double.NegativeInfinity;
        double logQ = Math.Log(q), log1mq = LogMath.LogOnePlus(-q), twoSigma2 = 2 * sigma * sigma;
        for (int i = 0; i <= alpha; i++)
        {
            double s = LogMath.LogBinomial(alpha, i) + i * logQ + (alpha - i) * log1mq + ((double)i * i - i) / twoSigma2;
            logA = LogMath.LogAdd(logA, s);
        }
        return logA;
    }

    /// <summary>The fractional-order series; <paramref name="absoluteTerms"/> sums |binomial| terms as dp_accounting
    /// does (an upper bound), kept so tests can show that is the whole difference from its published figures.</summary>
    internal static double LogAFractional(double q, double sigma, double alpha, bool absoluteTerms = false)
    {
        // A_α = A0 + A1: the integrals over (-∞, z0] and [z0, ∞), where z0 is the point at which
        // q·μ1/μ0 = 1-q; each is a convergent binomial series in the smaller ratio.
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        double logQ = Math.Log(q), log1mq = LogMath.LogOnePlus(-q), twoSigma2 = 2 * sigma * sigma;
        double sqrt2Sigma = Math.Sqrt(2) * sigma;
        double logCoef = 0; // log|binomial(α, i)|, updated incrementally (gamma of negative arguments is avoided)
        bool positive = true;
        double lastS0 = double.NegativeInfinity, lastS1 = double.NegativeInfinity;
        for (int i = 0; i < MaxFractionalTerms; i++)
        {
            if (i > 0)
            {
                double factor = alpha - i + 1;
                logCoef += Math.Log(Math.Abs(factor)) - Math.Log(i);
                if (factor < 0 && !absoluteTerms) positive = !positive;
            }
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mq;
            double logT1 = logCoef + j * logQ + i * log1mq;
            double logE0 = Math.Log(0.5) + LogMath.LogErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.Log(0.5) + LogMath.LogErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + ((double)i * i - i) / twoSigma2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            if (positive)
            {
                logA0 = LogMath.LogAdd(logA0, logS0);
                logA1 = LogMath.LogAdd(logA1, logS1);
            }
            else
            {
                logA0 = LogMath.LogSub(logA0, logS0);
                logA1 = LogMath.LogSub(logA1, logS1);
                if (double.IsNaN(logA0) || double.IsNaN(logA1)) return double.PositiveInfinity;
            }
            double total = LogMath.LogAdd(logA0, logA1);
            if (logS0 < lastS0 && logS1 < lastS1 && Math.Max(logS0, logS1) < total - 30)
                return total;
            lastS0 = logS0;
            lastS1 = logS1;
        }
        return double.PositiveInfinity;
    }

    internal static void Validate(double q, double sigma)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "Sampling rate q must be in [0, 1].");
        if (!(sigma >= 0) || double.IsInfinity(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Noise multiplier sigma must be finite and non-negative.");
    }
}
