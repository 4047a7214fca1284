using System.Globalization;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>
/// Distributed DP for one run's model under secure aggregation (Kairouz, Liu, Steinke, ICML 2021; Agarwal, Kairouz, Liu,
/// NeurIPS 2021): the parameters every client encodes with and the accountant's charge for one round.
/// <para>The granularity γ follows Kairouz et al.'s heuristic (Sec 4.4, their <c>heuristic_scale_factor</c>): the noisy sum
/// of n clipped, rotated updates is taken as sub-Gaussian, and 1/γ is the largest scale that keeps k standard deviations
/// of it inside Z_(2^b): 1/γ = √(2^{2b} - n·k²) / (2k·√(c²n²/d + n·σ²)), σ = z·c/√n each client's noise (model units),
/// d the padded dimension. Each client then adds noise of variance (σ/γ)² in integer units.</para>
/// <para>The charge: sensitivities are those of the clipped, scaled and <em>rounded</em> update
/// (<see cref="ConditionalRounding.NormBound"/>, so rounding's norm growth is paid for); the discrete Gaussian's RDP
/// includes the τ term by which a sum of discrete Gaussians differs from one (<see cref="DistributedDpRdp.Tau"/>), charged
/// for the noise shares actually in the sum (a client that dropped out added none); the modular wrap-around is
/// post-processing of the noised sum and costs no privacy (it costs accuracy if the sum overflows, which the choice of
/// γ makes a k-standard-deviation event). Sampling: Poisson amplification at q (<see cref="SubsampledRdp"/>), as the
/// papers' accounting does; the cohort is in fact a fixed-size sample (docs/privacy.md).</para>
/// </summary>
public sealed class DistributedDpMechanism
{
    readonly Dictionary<int, double[]> _oneRound = [];

    public DistributedDpMechanism(DistributedDpSettings settings, int bits, int length)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.ClipNorm > 0) || double.IsInfinity(settings.ClipNorm))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ClipNorm, "The clip norm must be positive and finite.");
        if (!(settings.NoiseMultiplier > 0) || double.IsInfinity(settings.NoiseMultiplier))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.NoiseMultiplier, "The noise multiplier must be positive and finite (z = 0 is not private).");
        if (!(settings.Delta > 0 && settings.Delta < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Delta, "delta must be in (0, 1).");
        if (settings.ExpectedCohort < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ExpectedCohort, "The expected cohort must be at least 1.");
        if (!(settings.Beta >= 0 && settings.Beta < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Beta, "beta must be in [0, 1).");
        double k = settings.StandardDeviationsInUse;
        if (!(k > 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(settings), k, "The standard deviations kept inside the modulus must be positive and finite.");
        if (bits is < 2 or > 32)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "The ring Z_(2^b) of distributed DP needs 2 <= b <= 32.");
        Settings = settings;
        Bits = bits;
        Length = length;
        PaddedLength = RandomizedHadamard.PaddedLength(length);

        int n = settings.ExpectedCohort;
        double c = settings.ClipNorm, d = PaddedLength;
        LocalStddev = settings.NoiseMultiplier * c / Math.Sqrt(n);
        double room = Math.Pow(2, 2 * bits) - n * k * k;
        if (!(room > 0))
            throw new ArgumentException($"{bits} bits cannot hold {Show(k)} standard deviations of a sum of {n} clients; raise secure_aggregation.bits", nameof(bits));
        Scale = Math.Sqrt(room) / (2 * k * Math.Sqrt(c * c * n * (double)n / d + n * LocalStddev * LocalStddev));
        // Less noise means a finer granularity; past a point a clipped update itself no longer fits the ring.
        if (c * Scale > Math.Pow(2, bits))
            throw new ArgumentException($"a clipped update would not fit Z_(2^{bits}): clip norm / granularity is {Show(c * Scale)}, above 2^{bits}; raise the noise multiplier or secure_aggregation.bits", nameof(settings));
        LocalVariance = LocalStddev * Scale * (LocalStddev * Scale);
        if (settings.Noise == DistributedNoise.DiscreteGaussian && LocalStddev * Scale < 0.5)
            throw new ArgumentException($"each client's discrete Gaussian would have standard deviation {Show(LocalStddev * Scale)} integer steps, below the 1/2 its privacy bound needs; raise the noise multiplier or secure_aggregation.bits", nameof(settings));
        if (settings.Noise == DistributedNoise.Skellam && LocalVariance / 2 > SkellamSampler.MaxMean)
            throw new ArgumentException($"each client's Skellam noise would need Poisson draws of mean {Show(LocalVariance / 2)}, above the 2^33 the sampler draws in reasonable time; lower secure_aggregation.bits (at {bits} bits 1/γ = {Show(Scale)})", nameof(bits));
        L2Sensitivity = ConditionalRounding.NormBound(c * Scale, PaddedLength, settings.Beta);
        L1Sensitivity = ConditionalRounding.L1Bound(L2Sensitivity, PaddedLength);
    }

    public DistributedDpSettings Settings { get; }

    /// <summary>b: the sum lives in Z_(2^b).</summary>
    public int Bits { get; }

    /// <summary>The model's length, and the rotation's power of two above it (the masked vector's length).</summary>
    public int Length { get; }

    public int PaddedLength { get; }

    /// <summary>1/γ: integer steps per model unit.</summary>
    public double Scale { get; }

    public double Granularity => 1 / Scale;

    /// <summary>σ: each client's noise in model units, z·c/√n.</summary>
    public double LocalStddev { get; }

    /// <summary>Each client's noise variance in integer units, (σ/γ)².</summary>
    public double LocalVariance { get; }

    /// <summary>Δ₂ and Δ₁ of one client's rounded, scaled update, in integer units.</summary>
    public double L2Sensitivity { get; }

    public double L1Sensitivity { get; }

    /// <summary>What each client encodes with.</summary>
    public DistributedDpOptions EncodingOptions =>
        new(Settings.ClipNorm, Granularity, Settings.Beta, Settings.Noise, LocalVariance, Bits);

    /// <summary>The RDP of one round at each of <see cref="RdpOrders.Integer"/>, with <paramref name="noiseShares"/> clients'
    /// noise in the sum and the cohort sampled at rate <paramref name="q"/>.</summary>
    public IReadOnlyList<double> OneRoundRdp(int noiseShares, double q)
    {
        if (noiseShares < 1) throw new ArgumentOutOfRangeException(nameof(noiseShares), noiseShares, "At least one client's noise must be in the sum.");
        if (!(q > 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The sampling rate q must be in (0, 1].");
        if (_oneRound.TryGetValue(noiseShares, out var cached) && cached[^1] == q) return cached[..^1];
        var orders = RdpOrders.Integer;
        int top = (int)orders[^1];
        // ε(l) for every integer l up to the top order: the subsampled bound at α needs all of 2..α.
        var all = Unsampled(Enumerable.Range(0, top + 1).Select(l => l < 2 ? 2.0 : l).ToArray(), noiseShares);
        var rdp = orders.Select(a => SubsampledRdp.PoissonUpperBound((int)a, q, l => all[l])).ToArray();
        _oneRound[noiseShares] = [.. rdp, q];
        return rdp;
    }

    double[] Unsampled(IReadOnlyList<double> orders, int noiseShares) => Settings.Noise == DistributedNoise.DiscreteGaussian
        ? DistributedDpRdp.DiscreteGaussian(orders, L1Sensitivity, L2Sensitivity, LocalStddev * Scale, noiseShares, PaddedLength)
        : DistributedDpRdp.Skellam(orders, L1Sensitivity, L2Sensitivity, noiseShares * LocalVariance);

    static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
