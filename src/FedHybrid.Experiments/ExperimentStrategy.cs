using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Security;

namespace FedHybrid.Experiments;

/// <summary>The strategy an experiment names, as every way of running one builds it: from the registry,
/// with its bound options and the run's training settings, and under secure aggregation when the config
/// enables it (with distributed DP when the privacy section asks), its mean computed by the privacy section's aggregation
/// (central DP) when there is one.</summary>
public static class ExperimentStrategy
{
    public static Strategy Create(ExperimentConfig config, string runId)
    {
        ArgumentNullException.ThrowIfNull(config);
        var t = config.Training;
        var settings = new FitSettings(t.LocalEpochs, t.BatchSize, t.LearningRate, t.Momentum, t.WeightDecay, config.Run.Seed);
        var strategy = StrategyRegistry.Find(config.Strategy.Name).Create(config.Strategy.Options, settings);
        // The loader refused any strategy these cannot serve, and the two together.
        if (PrivacySetup.CreateAggregation(config) is { } aggregation)
            ((FitStrategy)strategy).UseAggregation(aggregation);
        if (config.SecureAggregation.Enabled)
            ((FitStrategy)strategy).UseSecureAggregation(config.SecureAggregation.ToOptions(config.Run.Clients) with { DistributedDp = PrivacySetup.DistributedDp(config) },
                MaskingPairSeedRecovery.ForSuite(runId, config.Crypto.Suite));
        return strategy;
    }
}
