using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedProxTests
{
    [Fact]
    public void TheProximalTermIsTheStrategysInstructionBesideTheRunsTrainingSettings()
    {
        var strategy = new FedProx(new FedProxOptions { ProximalMu = 0.25 }, FitRounds.Settings);
        var plan = strategy.BeginRound(FitRounds.Context(1, [0f], "a", "b"));
        Assert.All(plan.Instructions, i =>
        {
            Assert.Equal(0.25, FitMessages.ProximalMu(i.Config));
            Assert.Equal(FitRounds.Settings, FitSettings.FromConfig(i.Config));
        });
        // FedAvg's instruction carries no proximal term at all.
        Assert.All(new FedAvg(new FedAvgOptions(), FitRounds.Settings).BeginRound(FitRounds.Context(1, [0f])).Instructions,
            i => Assert.Equal(0, FitMessages.ProximalMu(i.Config)));
    }

    [Fact]
    public void ABadProximalMuInAnInstructionIsRefusedByName()
    {
        var config = FitRounds.Settings.ToConfig();
        Assert.Contains("proximal_mu", Assert.Throws<Aggregation.Stages.StageConfigException>(() => FitMessages.ProximalMu(config.With(FitProtocol.ProximalMu, -1.0))).Message);
        Assert.Throws<Aggregation.Stages.StageConfigException>(() => FitMessages.ProximalMu(config.With(FitProtocol.ProximalMu, double.NaN)));
        Assert.Throws<Aggregation.Stages.StageConfigException>(() => FitMessages.ProximalMu(config.With(FitProtocol.ProximalMu, "high")));
    }

    [Fact]
    public void AggregatesAsFedAvg()
    {
        var strategy = new FedProx(new FedProxOptions { ProximalMu = 1 }, FitRounds.Settings);
        // (100*1 + 300*3) / 400 = 2.5; x = 1 + 2.5
        var result = FitRounds.Run(strategy, FitRounds.Context(1, [1f]), FitRounds.Reply("a", [1f], 100), FitRounds.Reply("b", [3f], 300));
        Assert.Equal([3.5f], result.Parameters);
    }
}
