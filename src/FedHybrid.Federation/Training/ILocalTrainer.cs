using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Training;

/// <summary>A client's model and data: trains from given global weights on the client's shard and
/// evaluates weights on it. Implemented over FedHybrid.Learning.</summary>
public interface ILocalTrainer : IDisposable
{
    int ParameterCount { get; }

    /// <summary>Training examples in the client's shard: the sample count every fit reports (FedAvg's weight),
    /// known before training so that secure aggregation can weight a masked update by it.</summary>
    long SampleCount { get; }

    /// <param name="correction">SCAFFOLD's c - c_i: every step also moves the weights by -lr x correction, outside the momentum; null for none.</param>
    /// <param name="trainingData">Turns the shard into what this fit trains on (a poisoning client's relabelled or
    /// triggered copy); null: the shard as it is. The reported sample count stays the shard's.</param>
    /// <param name="betweenBatches">Called on the training thread after every batch (where a client takes turns with a
    /// training slot: <c>TrainingTurns.YieldIfDue</c>); it must not change what the fit computes.</param>
    /// <returns>The trained weights in an array of the caller's own (the fit stage turns it into the delta in place).</returns>
    LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null);

    EvaluationSummary Evaluate(float[] weights);
}
