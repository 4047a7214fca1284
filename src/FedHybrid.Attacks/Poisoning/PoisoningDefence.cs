using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>The aggregation defences the poisoning grid runs against: <see cref="AsConfigured"/>, the config's own
/// strategy, privacy and secure aggregation; or a change to the config: the strategy, and for weak DP a central-DP
/// mechanism (clip to the norm bound, small Gaussian noise: Sun et al. 2019). Each named one takes all of the clients
/// every round, so that an attacker's update is always in the cohort.</summary>
public static class PoisoningDefence
{
    public const string AsConfigured = "config", FedAvg = "fedavg", WeakDp = "weak-dp";

    /// <summary>The named defences (besides <see cref="AsConfigured"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = [FedAvg, "median", "trimmed-mean", "krum", "geometric-median", "norm-bounding", WeakDp];

    /// <exception cref="ConfigException">The name is not a defence.</exception>
    public static ExperimentConfig Apply(ExperimentConfig config, string defence, PoisoningOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (defence == AsConfigured)
            return config;
        if (config.SecureAggregation.Enabled)
            throw new ConfigException("attack.options.defences", $"'{defence}' replaces the config's strategy, which secure aggregation constrains; "
                + $"give \"{AsConfigured}\" to attack the config as it is, or turn secure_aggregation off");
        int n = config.Run.Clients;
        FitOptions fit = defence switch
        {
            FedAvg or WeakDp => new FedAvgOptions { MinUpdates = n },
            "median" => new CoordinateMedianOptions { MinUpdates = n },
            "trimmed-mean" => new TrimmedMeanOptions { MinUpdates = n, Beta = options.TrimmedMeanBeta },
            "krum" => new KrumOptions { MinUpdates = n, F = options.KrumF, M = 1 },
            "geometric-median" => new GeometricMedianOptions { MinUpdates = n },
            "norm-bounding" => new NormBoundingOptions { MinUpdates = n, NormBound = options.NormBound },
            _ => throw new ConfigException("attack.options.defences", $"unknown defence '{defence}' (valid: {AsConfigured}, {string.Join(", ", Names)})"),
        };
        fit = fit with { FractionFit = 1.0, MinFitClients = n };
        var privacy = defence == WeakDp
            ? new PrivacySection
            {
                Mechanism = PrivacyMechanism.CentralDp,
                ClipNorm = options.NormBound,
                NoiseMultiplier = options.WeakDpStdDev * n / options.NormBound,
            }
            : new PrivacySection();
        return config with
        {
            Strategy = new StrategySection { Name = defence == WeakDp ? FedAvg : defence, Options = fit },
            Privacy = privacy,
        };
    }
}
