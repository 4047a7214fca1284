namespace FedHybrid.Aggregation.Privacy;

/// <summary>Central DP-FedAvg's settings (McMahan, Ramage, Talwar, Zhang, ICLR 2018).</summary>
/// <param name="ClipNorm">S: each update is clipped to this L2 norm (with adaptive clipping, the norm of round 1).</param>
/// <param name="NoiseMultiplier">σ: the noise multiplier the accountants charge each round. With fixed clipping the
/// sum gets N(0, (σS)²) per coordinate; with adaptive clipping σ covers the update sum and the clipped count together
/// (<see cref="Privacy.AdaptiveClipping.UpdateNoiseFor"/>).</param>
/// <param name="Delta">δ at which epsilon is reported.</param>
/// <param name="Seed">The run seed: each round's noise comes from a generator seeded by it and the round.</param>
/// <param name="AdaptiveClipping">Null: fixed clipping at <paramref name="ClipNorm"/>.</param>
/// <param name="PldDiscretization">The PLD accountant's loss grid.</param>
/// <param name="Noise">Seeded (reproducible, for experiments) or from the system's CSPRNG.</param>
public sealed record CentralDpOptions(
    double ClipNorm,
    double NoiseMultiplier,
    double Delta,
    long Seed,
    CentralDpAdaptiveClipping? AdaptiveClipping = null,
    double PldDiscretization = PldAccountant.DefaultDiscretization,
    CentralDpNoise Noise = CentralDpNoise.Seeded)
{
    /// <summary>σ_b for a cohort of <paramref name="cohort"/> clients: as given, or the paper's m/20.</summary>
    public double ClippedCountStddevFor(int cohort) => AdaptiveClipping?.ClippedCountStddev ?? cohort / 20.0;

    /// <summary>The noise multiplier on the update sum for a cohort of <paramref name="cohort"/>: σ with fixed clipping,
    /// σ_Δ = (σ⁻² - (2σ_b)⁻²)^{-1/2} with adaptive clipping.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ_b is not above σ/2: the count would use the whole budget.</exception>
    public double UpdateNoiseMultiplierFor(int cohort) =>
        AdaptiveClipping is null ? NoiseMultiplier : Privacy.AdaptiveClipping.UpdateNoiseFor(NoiseMultiplier, ClippedCountStddevFor(cohort));
}
