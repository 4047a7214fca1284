using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Training;

/// <summary>A virtual client's trainer that holds no model while idle: each fit or evaluation borrows a slot of the
/// host's <see cref="TrainingPool"/> and the model that slot keeps, works on the client's shard and gives both back. A fit
/// starts from the global weights with fresh momentum (as <see cref="LearnerTrainer"/> does), so which client used the
/// model before changes no result. An idle client holds its shard as an index list into the host's one copy of the data set
/// (<paramref name="shardIndices"/>; null: the whole set); its images are gathered for each fit or evaluation.</summary>
public sealed class PooledTrainer(string model, int threads, LabeledImages data, int[]? shardIndices, int parameterCount, TrainingPool pool) : ILocalTrainer
{
    public int ParameterCount { get; } = parameterCount;

    public long SampleCount => shardIndices?.Length ?? data.Count;

    LabeledImages Shard() => shardIndices is null ? data : data.Subset(shardIndices);

    /// <remarks><paramref name="betweenBatches"/> is not called: the host's pool is what schedules its virtual clients, and
    /// giving the coordinator's slot back while holding a pool worker could leave every worker waiting for a slot that a
    /// client waiting for a worker holds.</remarks>
    public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null) =>
        pool.Run(model, threads, learner => new LearnerTrainer(learner, Shard()).Fit(globalWeights, settings, seed, cancellationToken, correction, trainingData),
            cancellationToken);

    public EvaluationSummary Evaluate(float[] weights) =>
        pool.Run(model, threads, learner => new LearnerTrainer(learner, Shard()).Evaluate(weights), CancellationToken.None);

    public void Dispose()
    {
    }
}
