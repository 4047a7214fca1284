namespace FedHybrid.Aggregation.Privacy;

/// <summary>The privacy-loss distribution of one step of the Poisson-subsampled Gaussian mechanism
/// (sensitivity 1, noise multiplier σ, sampling rate q), discretized pessimistically on the grid
/// ε_i = i·Δ by "connect the dots" (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi, PETS 2022; the default
/// of Google's dp_accounting PLD): the discrete pair's hockey-stick curve equals the exact one at every
/// grid point and is its chord in between (in e^ε), which lies above the convex exact curve. The discrete
/// pair therefore dominates the true one at every ε, and so does any composition of it: every epsilon
/// computed from it is an upper bound.</summary>
public static class SubsampledGaussianPld
{
    /// <summary>Standard deviations of the underlying Gaussians covered by the grid; the rest of the
    /// mechanism's mass (below 1e-19) goes to the end buckets or to +∞, pessimistically.</summary>
    const double TailSigmas = 9;

    /// <summary>The exact hockey-stick divergence δ(ε) = sup_S P(S) - e^ε Q(S) of one step in <paramref name="direction"/>.</summary>
    public static double HockeyStick(double q, double sigma, PldDirection direction, double epsilon)
    {
        SubsampledGaussianRdp.Validate(q, sigma);
        if (sigma == 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The PLD needs a positive noise multiplier.");
        if (q == 0) return Math.Max(0, -LogMath.ExpMinusOne(epsilon));
        if (q == 1) return Gaussian(sigma, epsilon);
        double log1mq = LogMath.LogOnePlus(-q);
        if (direction == PldDirection.Remove)
        {
            if (epsilon <= log1mq) return -LogMath.ExpMinusOne(epsilon);
            // Amplification by subsampling: δ(ε) = q·δ_G(log(1 + (e^ε - 1)/q)).
            double e = LogMath.LogOnePlus(LogMath.ExpMinusOne(epsilon) / q);
            return Math.Max(0, q * Gaussian(sigma, e));
        }
        if (epsilon >= -log1mq) return 0;
        // Add direction: δ(ε) = q·e^{ε - v}·δ_G(v) with v = -log(1 + (e^{-ε} - 1)/q).
        double v = -LogMath.LogOnePlus(LogMath.ExpMinusOne(-epsilon) / q);
        return Math.Max(0, q * Math.Exp(epsilon - v) * Gaussian(sigma, v));
    }

    /// <summary>The discretized single-step PLD in <paramref name="direction"/> with interval <paramref name="discretization"/>.</summary>
    public static PrivacyLossPmf Discretize(double q, double sigma, PldDirection direction, double discretization)
    {
        SubsampledGaussianRdp.Validate(q, sigma);
        if (sigma == 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The PLD needs a positive noise multiplier.");
        if (!(discretization > 0 && discretization <= 1))
            throw new ArgumentOutOfRangeException(nameof(discretization), discretization, "The discretization interval must be in (0, 1].");
        if (q == 0) return new PrivacyLossPmf(discretization, 0, [1.0], 0);

        double lowLoss, highLoss;
        double z = TailSigmas * sigma;
        if (direction == PldDirection.Remove || q == 1)
        {
            lowLoss = LossRemove(q, sigma, -z);
            highLoss = LossRemove(q, sigma, 1 + z);
        }
        else
        {
            lowLoss = -LossRemove(q, sigma, z);
            highLoss = -LossRemove(q, sigma, -z);
        }
        long lo = (long)Math.Floor(lowLoss / discretization), hi = (long)Math.Ceiling(highLoss / discretization);
        if (hi <= lo) hi = lo + 1;
        long count = hi - lo + 1;
        if (count > 1L << 26)
            throw new ArgumentOutOfRangeException(nameof(discretization), discretization,
                $"{count} loss buckets for q={q}, sigma={sigma}: use a coarser discretization interval.");
        int n = (int)count;

        var delta = new double[n];
        var rest = new double[n];
        var below = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eps = (lo + i) * discretization;
            delta[i] = HockeyStick(q, sigma, direction, eps);
            rest[i] = Complement(q, sigma, direction, eps);
            below[i] = OneMinusDelta(q, sigma, direction, eps);
        }
        // δ is non-increasing, R and 1 - δ non-decreasing; enforce them against rounding.
        for (int i = 1; i < n; i++)
        {
            delta[i] = Math.Min(delta[i], delta[i - 1]);
            rest[i] = Math.Max(rest[i], rest[i - 1]);
            below[i] = Math.Max(below[i], below[i - 1]);
        }

        // Slope of the chord in t = e^ε between grid points i and i+1: B_i = (δ_i - δ_{i+1}) / (t_{i+1} - t_i), and
        // p_i = t_i·(B_{i-1} - B_i) with B_{n-1} = 0 (δ is flat at δ_{n-1} beyond the grid: the mass at +∞).
        // Scaled slopes S_i = t_i·B_i = (δ_i - δ_{i+1})/(e^Δ - 1) avoid overflow. Where δ is near 1 (far below
        // the bulk of the loss) the same p_i come from R = δ - (1 - e^ε), whose linear part has no curvature:
        // SR_i = (R_i - R_{i+1})/(e^Δ - 1) = S_i - t_i and p_i = e^Δ·SR_{i-1} - SR_i, without the cancellation
        // that second differences of δ ≈ 1 would suffer. R is small only where e^ε ≤ 1: at ε > 0 with δ still near 1
        // (a small σ puts the bulk of the loss far above 0) R ≈ e^ε and its differences cancel, so there the same p_i
        // come from W = 1 - δ, computed as a sum of positive terms: S_i = (W_{i+1} - W_i)/(e^Δ - 1).
        double expm1Delta = LogMath.ExpMinusOne(discretization), growth = Math.Exp(discretization);
        var p = new double[n];
        double finite = 0;
        for (int i = 1; i < n; i++)
        {
            double value;
            if (i == n - 1 || delta[i] <= 0.5)
            {
                double before = (delta[i - 1] - delta[i]) / expm1Delta;
                double after = i == n - 1 ? 0 : (delta[i] - delta[i + 1]) / expm1Delta;
                value = growth * before - after;
            }
            else if (lo + i > 0)
            {
                double before = (below[i] - below[i - 1]) / expm1Delta;
                double after = (below[i + 1] - below[i]) / expm1Delta;
                value = growth * before - after;
            }
            else
            {
                double before = (rest[i] - rest[i - 1]) / expm1Delta;
                double after = (rest[i + 1] - rest[i]) / expm1Delta;
                value = after - growth * before;
            }
            p[i] = Math.Max(0, value);
            finite += p[i];
        }
        double infinity = delta[n - 1];
        p[0] = Math.Max(0, 1 - infinity - finite);
        return new PrivacyLossPmf(discretization, lo, p, infinity);
    }

    /// <summary>R(ε) = δ(ε) - (1 - e^ε) = e^ε·Q(L ≤ ε) - P(L ≤ ε) ≥ 0, computed directly so that it keeps its relative
    /// precision where δ is close to 1: q·e^{e'}·δ_G(-e') (remove), q·e^ε·δ_G(-v) (add), with e' and v as in
    /// <see cref="HockeyStick"/>.</summary>
    internal static double Complement(double q, double sigma, PldDirection direction, double epsilon)
    {
        if (q == 0) return Math.Max(0, LogMath.ExpMinusOne(epsilon));
        if (q == 1) return Math.Exp(epsilon) * Gaussian(sigma, -epsilon);
        double log1mq = LogMath.LogOnePlus(-q);
        if (direction == PldDirection.Remove)
        {
            if (epsilon <= log1mq) return 0;
            double e = LogMath.LogOnePlus(LogMath.ExpMinusOne(epsilon) / q);
            return Math.Max(0, q * Math.Exp(e) * Gaussian(sigma, -e));
        }
        if (epsilon >= -log1mq) return LogMath.ExpMinusOne(epsilon);
        double v = -LogMath.LogOnePlus(LogMath.ExpMinusOne(-epsilon) / q);
        return Math.Max(0, q * Math.Exp(epsilon) * Gaussian(sigma, -v));
    }

    /// <summary>1 - δ(ε) without the cancellation of subtracting δ ≈ 1 from 1: for the Gaussian Φ(a) + e^ε·Φ̄(b) (a, b as in
    /// <see cref="Gaussian"/>), and in the remove direction (1 - q) + q·(1 - δ_G(e')); in the add direction δ ≤ q stays
    /// away from 1 at ε &gt; 0, where this is used, and 1 - δ is exact enough.</summary>
    internal static double OneMinusDelta(double q, double sigma, PldDirection direction, double epsilon)
    {
        if (q == 1) return GaussianOneMinusDelta(sigma, epsilon);
        if (direction == PldDirection.Add) return 1 - HockeyStick(q, sigma, direction, epsilon);
        double log1mq = LogMath.LogOnePlus(-q);
        if (epsilon <= log1mq) return Math.Exp(epsilon);
        double e = LogMath.LogOnePlus(LogMath.ExpMinusOne(epsilon) / q);
        return (1 - q) + q * GaussianOneMinusDelta(sigma, e);
    }

    static double GaussianOneMinusDelta(double sigma, double epsilon)
    {
        double a = epsilon * sigma - 0.5 / sigma, b = epsilon * sigma + 0.5 / sigma;
        return Math.Min(1, LogMath.NormalTail(-a) + Math.Exp(epsilon + LogMath.LogNormalTail(b)));
    }

    /// <summary>δ of the Gaussian mechanism N(0,σ²) vs N(1,σ²) at ε: Φ̄(εσ - 1/(2σ)) - e^ε Φ̄(εσ + 1/(2σ)).</summary>
    static double Gaussian(double sigma, double epsilon)
    {
        if (double.IsNegativeInfinity(epsilon)) return 1;
        if (double.IsPositiveInfinity(epsilon)) return 0;
        double a = epsilon * sigma - 0.5 / sigma, b = epsilon * sigma + 0.5 / sigma;
        return LogMath.NormalTail(a) - Math.Exp(epsilon + LogMath.LogNormalTail(b));
    }

    /// <summary>The remove-direction privacy loss at output x: log((1-q) + q·e^{(2x-1)/(2σ²)}).</summary>
    static double LossRemove(double q, double sigma, double x)
    {
        double u = (2 * x - 1) / (2 * sigma * sigma);
        if (q == 1) return u;
        return u > 0 ? u + Math.Log(q + (1 - q) * Math.Exp(-u)) : LogMath.LogOnePlus(q * LogMath.ExpMinusOne(u));
    }
}
