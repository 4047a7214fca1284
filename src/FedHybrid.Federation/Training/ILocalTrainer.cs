using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Training;

/// <summary>A client's model and data: trains from given global weights on the client's shard and
/// evaluates weights on it. Implemented over FedHybrid.Learning.</summary>
public interface ILocalTrainer : IDisposable
{
    int ParameterCount { get; }

    /// <summary>Training examples in the client's shard: the sample count every fit reports (FedAvg's weight),
    /// known before training so that secure aggregation can weight a masked update by it.</summary>
    long SampleCount { get; }

    /// <param name="correction">Added to every step's gradient (SCAFFOLD's c - c_i); null for none.</param>
    LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null);

    EvaluationSummary Evaluate(float[] weights);
}
