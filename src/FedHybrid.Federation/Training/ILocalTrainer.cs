using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Training;

/// <summary>A client's model and data: trains from given global weights on the client's shard and
/// evaluates weights on it. Implemented over FedHybrid.Learning.</summary>
public interface ILocalTrainer : IDisposable
{
    int ParameterCount { get; }

    /// <param name="correction">Added to every step's gradient (SCAFFOLD's c - c_i); null for none.</param>
    LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null);

    EvaluationSummary Evaluate(float[] weights);
}
