using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FitSettingsTests
{
    [Fact]
    public void TheInstructionConfigRoundTripsUnderTheProtocolNames()
    {
        var settings = new FitSettings(Epochs: 3, BatchSize: 64, LearningRate: 0.02, Momentum: 0.5, WeightDecay: 1e-4, Seed: -9);
        var config = settings.ToConfig();
        Assert.Equal(["batch_size", "epochs", "learning_rate", "momentum", "seed", "weight_decay"], config.Keys);
        Assert.Equal(3, config.Integer(FitProtocol.Epochs));
        Assert.Equal(settings, FitSettings.FromConfig(config));
    }

    [Theory]
    [InlineData("epochs", 0L, "'epochs' is 0")]
    [InlineData("batch_size", 3_000_000_000L, "batch_size")]
    [InlineData("momentum", 1.0, "'momentum' is 1, must be in [0, 1)")]
    [InlineData("learning_rate", -0.1, "'learning_rate' is -0.1")]
    public void ABadInstructionIsRefusedNamingTheKey(string key, object value, string expected)
    {
        var config = FitRounds.Settings.ToConfig().With(key, value is long l ? ConfigValue.Of(l) : ConfigValue.Of((double)value));
        Assert.Contains(expected, Assert.Throws<StageConfigException>(() => FitSettings.FromConfig(config)).Message);
    }

    [Fact]
    public void AMissingOrMistypedKeyIsRefused()
    {
        var config = FitRounds.Settings.ToConfig();
        var missing = StageConfig.From(config.Where(p => p.Key != FitProtocol.Seed));
        Assert.Contains("'seed' is missing", Assert.Throws<StageConfigException>(() => FitSettings.FromConfig(missing)).Message);
        Assert.Contains("'epochs'", Assert.Throws<StageConfigException>(() => FitSettings.FromConfig(config.With(FitProtocol.Epochs, 2.0))).Message);
    }
}
