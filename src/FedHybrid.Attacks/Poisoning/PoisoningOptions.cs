using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>The poisoning grid's options (<c>attack.options</c>): which behaviours, how many attackers and which defences.
/// Every other setting (clients, rounds, model, data, training, suite) is the config's.</summary>
public sealed record PoisoningOptions
{
    /// <summary>Client behaviours by name (<c>FedHybrid.Federation.Client.Behaviors.ClientBehaviors</c>); a bare
    /// <c>backdoor</c> boosts by clients / attackers and a bare <c>backdoor-norm</c> is bounded by <see cref="NormBound"/>,
    /// the bound the coordinator enforces (<see cref="PoisoningBehaviors.Resolve"/>).</summary>
    [MinLength(1)]
    public string[] Behaviors { get; init; } = ["scale:10", "sign-flip", "label-flip", "backdoor", "backdoor-norm"];

    /// <summary>How many of the clients misbehave (the first ones of run.clients), one run per count.</summary>
    [MinLength(1)]
    public int[] Attackers { get; init; } = [1, 3];

    /// <summary>Aggregation defences by name (<see cref="PoisoningDefence.Names"/>); the default, <c>config</c>, attacks the
    /// config's own strategy, privacy and secure aggregation.</summary>
    [MinLength(1)]
    public string[] Defences { get; init; } = [PoisoningDefence.AsConfigured];

    /// <summary>norm-bounding's and weak DP's L2 bound on each delta: near the honest deltas' norm.</summary>
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double NormBound { get; init; } = 1.5;

    /// <summary>Weak DP's (Sun et al. 2019) noise: the standard deviation of the Gaussian noise on the averaged update
    /// (their 0.025); the noise multiplier is this x cohort / norm_bound.</summary>
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double WeakDpStdDev { get; init; } = 0.025;

    /// <summary>Trimmed mean's beta: the fraction of values dropped at each end of every coordinate.</summary>
    [Range(0.0, 0.5, MaximumIsExclusive = true)]
    public double TrimmedMeanBeta { get; init; } = 0.3;

    /// <summary>Krum's f: the number of Byzantine clients it is built to withstand (n > 2f + 2).</summary>
    [Range(0, 1000)]
    public int KrumF { get; init; } = 3;
}
