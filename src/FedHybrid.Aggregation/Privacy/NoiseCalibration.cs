namespace FedHybrid.Aggregation.Privacy;

/// <summary>Finds the noise multiplier that meets a target epsilon: epsilon is decreasing in sigma, so a
/// bracket is grown geometrically and then bisected. The sigma returned always meets the target (it is the
/// upper end of the final bracket), and is within <c>relativeTolerance</c> of the smallest sigma that does.</summary>
public static class NoiseCalibration
{
    public static double SigmaForEpsilon(double targetEpsilon, double delta, double q, long steps,
        PrivacyAccountantKind accountant = PrivacyAccountantKind.Rdp, double relativeTolerance = 1e-3,
        double pldDiscretization = PldAccountant.DefaultDiscretization)
    {
        if (!(targetEpsilon > 0) || double.IsInfinity(targetEpsilon))
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The target epsilon must be positive and finite.");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1).");
        if (!(q > 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The sampling rate q must be in (0, 1].");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 1.");
        if (!(relativeTolerance > 0 && relativeTolerance < 0.5))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "relativeTolerance must be in (0, 0.5).");

        double Eps(double sigma) => accountant switch
        {
            PrivacyAccountantKind.Rdp => new RdpAccountant().ComposePoissonGaussian(q, sigma, steps).Epsilon(delta).Epsilon,
            PrivacyAccountantKind.Pld => new PldAccountant(pldDiscretization).ComposePoissonGaussian(q, sigma, steps).Epsilon(delta).Epsilon,
            _ => throw new ArgumentOutOfRangeException(nameof(accountant), accountant, "Unknown accountant."),
        };
        return SmallestMeeting(Eps, targetEpsilon, relativeTolerance);
    }

    /// <summary>The smallest noise multiplier (to <paramref name="relativeTolerance"/>, from above) whose
    /// <paramref name="epsilonOf"/> is at most <paramref name="targetEpsilon"/>, for any mechanism whose epsilon
    /// decreases as its noise grows.</summary>
    public static double SmallestMeeting(Func<double, double> epsilonOf, double targetEpsilon, double relativeTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(epsilonOf);
        if (!(targetEpsilon > 0) || double.IsInfinity(targetEpsilon))
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "The target epsilon must be positive and finite.");
        if (!(relativeTolerance > 0 && relativeTolerance < 0.5))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "relativeTolerance must be in (0, 0.5).");
        var Eps = epsilonOf;
        double hi = 1;
        while (Eps(hi) > targetEpsilon)
        {
            hi *= 2;
            if (hi > 1e6) throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, "No noise multiplier up to 1e6 meets this target.");
        }
        double lo = hi / 2;
        while (Eps(lo) <= targetEpsilon)
        {
            hi = lo;
            lo /= 2;
            if (lo < 1e-3) return hi; // essentially no noise is needed; the caller still gets a valid sigma
        }
        while ((hi - lo) / hi > relativeTolerance)
        {
            double mid = 0.5 * (lo + hi);
            if (Eps(mid) <= targetEpsilon) hi = mid;
            else lo = mid;
        }
        return hi;
    }
}
