using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// The run's local-training settings and seed, which every fit instruction carries (the experiment's
/// training section). A strategy adds its own keys beside them (FedProx's proximal_mu); the seed also
/// seeds client selection, as it always has.
/// </summary>
public sealed record FitSettings(int Epochs, int BatchSize, double LearningRate, double Momentum = 0, double WeightDecay = 0, long Seed = 0)
{
    /// <summary>Throws naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Problem() is { } problem)
            throw new ArgumentException(problem);
    }

    /// <summary>The first setting out of range, named by its config key, or null.</summary>
    public string? Problem() =>
        Epochs < 1 ? $"'{FitProtocol.Epochs}' is {Epochs}, must be at least 1"
        : BatchSize < 1 ? $"'{FitProtocol.BatchSize}' is {BatchSize}, must be at least 1"
        : !(LearningRate > 0) || double.IsInfinity(LearningRate) ? $"'{FitProtocol.LearningRate}' is {LearningRate}, must be a positive finite number"
        : !(Momentum is >= 0 and < 1) ? $"'{FitProtocol.Momentum}' is {Momentum}, must be in [0, 1)"
        : !(WeightDecay >= 0) || double.IsInfinity(WeightDecay) ? $"'{FitProtocol.WeightDecay}' is {WeightDecay}, must be a non-negative finite number"
        : null;

    /// <summary>The instruction config for these settings.</summary>
    public StageConfig ToConfig() => StageConfig.From(
    [
        new(FitProtocol.Epochs, ConfigValue.Of((long)Epochs)),
        new(FitProtocol.BatchSize, ConfigValue.Of((long)BatchSize)),
        new(FitProtocol.LearningRate, ConfigValue.Of(LearningRate)),
        new(FitProtocol.Momentum, ConfigValue.Of(Momentum)),
        new(FitProtocol.WeightDecay, ConfigValue.Of(WeightDecay)),
        new(FitProtocol.Seed, ConfigValue.Of(Seed)),
    ]);

    /// <summary>What a client reads back from its fit instruction; throws <see cref="StageConfigException"/>
    /// naming the key that is missing, of the wrong kind or out of range.</summary>
    public static FitSettings FromConfig(StageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = new FitSettings(Int32(config, FitProtocol.Epochs), Int32(config, FitProtocol.BatchSize),
            config.FiniteNumber(FitProtocol.LearningRate), config.FiniteNumber(FitProtocol.Momentum),
            config.FiniteNumber(FitProtocol.WeightDecay), config.Integer(FitProtocol.Seed));
        return settings.Problem() is { } problem ? throw new StageConfigException(problem) : settings;
    }

    static int Int32(StageConfig config, string key)
    {
        long value = config.Integer(key);
        return value is >= 1 and <= int.MaxValue ? (int)value : throw new StageConfigException($"'{key}' is {value}, must be an integer in [1, {int.MaxValue}]");
    }
}
