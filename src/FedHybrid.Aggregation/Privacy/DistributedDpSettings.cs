namespace FedHybrid.Aggregation.Privacy;

/// <summary>What a run's distributed DP is asked for, before the model's size fixes the rest (<see cref="DistributedDpMechanism"/>).</summary>
/// <param name="ClipNorm">c: each client clips its update to this L2 norm (model units).</param>
/// <param name="NoiseMultiplier">z: the noise on the sum of <paramref name="ExpectedCohort"/> shares has standard deviation z·c
/// (model units), so each client adds z·c/√n.</param>
/// <param name="Noise">The integer noise each client adds.</param>
/// <param name="Delta">δ of the reported (ε, δ).</param>
/// <param name="ExpectedCohort">n: the clients a round instructs.</param>
/// <param name="Beta">β of the conditional rounding (Kairouz et al. use e^{-1/2}).</param>
/// <param name="StandardDeviations">k: the granularity keeps k standard deviations of the noisy sum inside the modulus
/// (Kairouz et al. 2021, Sec 4.4: 4 for the discrete Gaussian; Agarwal et al. 2021: 3 for Skellam).</param>
/// <param name="SystemNoise">True: each client draws its rounding and noise from the OS CSPRNG; false: from a seed derived
/// from the run seed (reproducible, and no protection against whoever knows the seed).</param>
public sealed record DistributedDpSettings(double ClipNorm, double NoiseMultiplier, DistributedNoise Noise, double Delta, int ExpectedCohort,
    double Beta = 0.60653065971263342, double? StandardDeviations = null, bool SystemNoise = false)
{
    /// <summary>k: given, or the paper's default for the noise.</summary>
    public double StandardDeviationsInUse => StandardDeviations ?? (Noise == DistributedNoise.Skellam ? 3 : 4);
}
