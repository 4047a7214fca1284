namespace FedHybrid.Attacks.GradientInversion;

/// <summary>What a curious coordinator holds of the victim's round, by the defence in force.</summary>
public enum CoordinatorView
{
    /// <summary>No aggregation defence: the coordinator opens the victim's update (sealing protects it only in transit).</summary>
    VictimUpdate,

    /// <summary>Secure aggregation: the victim's masked input y_i alone, read as an update.</summary>
    MaskedInput,

    /// <summary>Secure aggregation: the unmasked sum of the cohort's quantized updates.</summary>
    SecureSum,

    /// <summary>Central DP: the cohort's clipped updates summed, with Gaussian noise.</summary>
    NoisedSum,
}
