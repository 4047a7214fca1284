using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Experiments.Config;

/// <summary>Differential privacy (docs/privacy.md). With central-dp, exactly one of <see cref="NoiseMultiplier"/> and
/// <see cref="TargetEpsilon"/> is given; a target is met by calibrating σ for the run's rounds and sampling rate
/// before the run starts, and the run's config.json records the result in <see cref="CalibratedNoiseMultiplier"/>.</summary>
public sealed record PrivacySection
{
    /// <summary>none, central-dp or distributed-dp (which needs secure_aggregation).</summary>
    public PrivacyMechanism Mechanism { get; init; } = PrivacyMechanism.None;

    /// <summary>S: the L2 norm each update is clipped to (with adaptive clipping, round 1's).</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Adaptive clipping (Andrew et al. 2021), or null for a fixed clip norm.</summary>
    public AdaptiveClippingSection? AdaptiveClipping { get; init; }

    /// <summary>σ: the noise multiplier each round is charged.</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double? NoiseMultiplier { get; init; }

    /// <summary>The epsilon (at <see cref="Delta"/>, by the RDP accountant) the whole run may spend.</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double? TargetEpsilon { get; init; }

    /// <summary>δ of every reported (ε, δ).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double Delta { get; init; } = 1e-5;

    /// <summary>distributed-dp's noise: discrete-gaussian (the default) or skellam.</summary>
    public PrivacyDistribution? Distribution { get; init; }

    /// <summary>seeded (reproducible; every client knows the seed, so it protects no one) or system (the OS CSPRNG).</summary>
    public PrivacyNoise Noise { get; init; } = PrivacyNoise.Seeded;

    /// <summary>Written by the run: the σ calibrated for <see cref="TargetEpsilon"/>. A config that carries it (a run's
    /// config.json) must carry the value the calibration gives.</summary>
    [Range(0, double.MaxValue, MinimumIsExclusive = true)]
    public double? CalibratedNoiseMultiplier { get; init; }

    /// <summary>The σ the run uses: the one given, or the calibrated one (null before calibration).</summary>
    public double? NoiseMultiplierInUse() => NoiseMultiplier ?? CalibratedNoiseMultiplier;
}
