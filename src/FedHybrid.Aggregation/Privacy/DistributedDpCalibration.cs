namespace FedHybrid.Aggregation.Privacy;

/// <summary>
/// The noise multiplier that meets a target epsilon for distributed DP: the smallest z (to 0.1 %, from above)
/// whose RDP charge, for the run's rounds with the expected cohort's noise shares in every sum at sampling
/// rate q, is at most the target. The charge depends on the model's length (the granularity, and so the
/// rounding's sensitivity term), which is why it needs <paramref name="length"/>.
/// </summary>
public static class DistributedDpCalibration
{
    /// <exception cref="ArgumentOutOfRangeException">No multiplier meets the target, or one that would is
    /// refused by the ring (the noise would not fit in Z_(2^bits)); the message says which.</exception>
    public static double NoiseMultiplierFor(double targetEpsilon, DistributedDpSettings settings, int bits, int length, long rounds, double q,
        double relativeTolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        // A multiplier the ring refuses meets no target: too little noise makes the granularity so fine that a
        // clipped update does not fit; too much may not fit or not be drawable. The search goes on past it.
        string? refusal = null;
        double Epsilon(double z)
        {
            DistributedDpMechanism mechanism;
            try
            {
                mechanism = new DistributedDpMechanism(settings with { NoiseMultiplier = z }, bits, length);
            }
            catch (ArgumentException e)
            {
                refusal = $"the noise multiplier {z} is refused in Z_(2^{bits}): {e.Message.Split(Environment.NewLine)[0]}";
                return double.PositiveInfinity;
            }
            var ledger = new DistributedDpLedger(mechanism);
            for (long r = 0; r < rounds; r++)
                ledger = ledger.Charge(settings.ExpectedCohort, q);
            return ledger.Epsilon();
        }
        try
        {
            return NoiseCalibration.SmallestMeeting(Epsilon, targetEpsilon, relativeTolerance);
        }
        catch (ArgumentOutOfRangeException e) when (refusal is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), targetEpsilon, $"{e.Message.Split(Environment.NewLine)[0]} (last refusal: {refusal})");
        }
    }
}
