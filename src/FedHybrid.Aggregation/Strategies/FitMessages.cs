using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>The client's side of <see cref="FitProtocol"/>: the metrics maps it replies with and the
/// instruction values it reads beside <see cref="FitSettings.FromConfig"/>, so that client and strategy
/// cannot disagree on a name or a kind.</summary>
public static class FitMessages
{
    /// <summary>The metrics of a fit reply (the payload carries <see cref="FitProtocol.Delta"/>).</summary>
    public static StageConfig FitMetrics(long sampleCount, double trainLoss, long localSteps) => StageConfig.From(
    [
        new(FitProtocol.SampleCount, ConfigValue.Of(sampleCount)),
        new(FitProtocol.TrainLoss, ConfigValue.Of(trainLoss)),
        new(FitProtocol.LocalSteps, ConfigValue.Of(localSteps)),
    ]);

    /// <summary>The metrics of an evaluate reply (its payload is empty).</summary>
    public static StageConfig EvaluateMetrics(double loss, double accuracy, long count) => StageConfig.From(
    [
        new(FitProtocol.Loss, ConfigValue.Of(loss)),
        new(FitProtocol.Accuracy, ConfigValue.Of(accuracy)),
        new(FitProtocol.Count, ConfigValue.Of(count)),
    ]);

    /// <summary>FedProx's mu from a fit instruction: 0 when absent; throws <see cref="StageConfigException"/>
    /// when it is not a finite number &gt;= 0.</summary>
    public static double ProximalMu(StageConfig instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (!instruction.ContainsKey(FitProtocol.ProximalMu))
            return 0;
        double mu = instruction.FiniteNumber(FitProtocol.ProximalMu);
        return mu >= 0 ? mu : throw new StageConfigException($"'{FitProtocol.ProximalMu}' is {mu}, must be >= 0");
    }
}
