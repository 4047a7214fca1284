using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Federation.Training;

/// <summary><see cref="ILocalTrainer"/> over FedHybrid.Learning's <see cref="LocalLearner"/> and a shard.</summary>
public sealed class LearnerTrainer : ILocalTrainer
{
    readonly LocalLearner _learner;
    readonly LabeledImages _shard;
    readonly bool _ownsLearner;

    public LearnerTrainer(string model, int threads, LabeledImages shard) : this(new LocalLearner(model, threads), shard, ownsLearner: true)
    {
    }

    /// <summary>Over a learner someone else owns (a <see cref="TrainingPool"/>'s): disposing this leaves it alone.</summary>
    public LearnerTrainer(LocalLearner learner, LabeledImages shard) : this(learner, shard, ownsLearner: false)
    {
    }

    LearnerTrainer(LocalLearner learner, LabeledImages shard, bool ownsLearner)
    {
        _learner = learner;
        _shard = shard;
        _ownsLearner = ownsLearner;
    }

    public int ParameterCount => _learner.ParameterCount;

    public long SampleCount => _shard.Count;

    public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null)
    {
        var options = new TrainingOptions(settings.Epochs, settings.BatchSize, settings.LearningRate, settings.Momentum,
            settings.WeightDecay, settings.ProximalMu, seed, correction);
        var result = _learner.Fit(globalWeights, trainingData?.Invoke(_shard) ?? _shard, options, cancellationToken,
            betweenBatches is null ? null : _ => betweenBatches());
        return new LocalFitResult(result.Weights, _shard.Count, result.MeanLoss, result.Steps);
    }

    public EvaluationSummary Evaluate(float[] weights)
    {
        var result = _learner.Evaluate(weights, _shard);
        return new EvaluationSummary(result.Loss, result.Accuracy, result.Count);
    }

    public void Dispose()
    {
        if (_ownsLearner)
            _learner.Dispose();
    }
}
