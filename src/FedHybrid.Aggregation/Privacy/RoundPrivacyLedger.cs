namespace FedHybrid.Aggregation.Privacy;

/// <summary>
/// Epsilon at a fixed δ after T rounds of the Poisson-subsampled Gaussian mechanism (q, σ), one step a round,
/// by both accountants. Every figure is the one a fresh <see cref="RdpAccountant"/> or <see cref="PldAccountant"/>
/// composing T steps gives, to the bit, so it depends only on T (a resumed run reports what an uninterrupted one
/// does); what does not depend on T is computed once: the one-step RDP at every order, the two one-step
/// discretized privacy-loss distributions, their log-probabilities and their spectra (<see cref="PldCompositionCache"/>).
/// Each new T then costs one inverse FFT per direction, not the whole PLD pipeline; the last figure is kept,
/// since a round that is not adopted reports the previous figure again.
/// </summary>
public sealed class RoundPrivacyLedger
{
    readonly double[] _oneStepRdp;
    readonly double _delta;
    readonly PrivacyLossPmf _remove, _add;
    readonly PldCompositionCache _cache = new();
    (long Rounds, double Rdp, double Pld)? _last;

    public RoundPrivacyLedger(double samplingRate, double noiseMultiplier, double delta, double discretization = PldAccountant.DefaultDiscretization)
    {
        SubsampledGaussianRdp.Validate(samplingRate, noiseMultiplier);
        if (!(noiseMultiplier > 0)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be positive (sigma = 0 is not private).");
        if (!(samplingRate > 0)) throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be positive.");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1).");
        SamplingRate = samplingRate;
        NoiseMultiplier = noiseMultiplier;
        _delta = delta;
        _oneStepRdp = SubsampledGaussianRdp.Rdp(samplingRate, noiseMultiplier, RdpOrders.Default);
        _remove = SubsampledGaussianPld.Discretize(samplingRate, noiseMultiplier, PldDirection.Remove, discretization);
        _add = SubsampledGaussianPld.Discretize(samplingRate, noiseMultiplier, PldDirection.Add, discretization);
    }

    public double SamplingRate { get; }

    public double NoiseMultiplier { get; }

    /// <summary>(ε by RDP, ε by PLD) after <paramref name="rounds"/> rounds; both 0 before the first.</summary>
    public (double Rdp, double Pld) EpsilonAfter(long rounds)
    {
        if (rounds < 0) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "rounds must be non-negative.");
        if (rounds == 0) return (0, 0);
        if (_last is { } last && last.Rounds == rounds) return (last.Rdp, last.Pld);
        double rdp = new RdpAccountant().ComposeRdp(_oneStepRdp, rounds).Epsilon(_delta).Epsilon;
        // As PldAccountant.Epsilon: the worse of the two directions.
        double pld = Math.Max(PldComposition.Compose([(_remove, rounds)], 1e-15, _cache).EpsilonForDelta(_delta),
            PldComposition.Compose([(_add, rounds)], 1e-15, _cache).EpsilonForDelta(_delta));
        _last = (rounds, rdp, pld);
        return (rdp, pld);
    }
}
