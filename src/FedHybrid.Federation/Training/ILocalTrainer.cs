using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Training;

/// <summary>A client's model and data: trains from given global weights on the client's shard and
/// evaluates weights on it. Implemented over FedHybrid.Learning.</summary>
public interface ILocalTrainer : IDisposable
{
    int ParameterCount { get; }

    LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken);

    EvaluationSummary Evaluate(float[] weights);
}
