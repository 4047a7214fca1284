using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Federation.Training;

/// <summary><see cref="IModelEvaluator"/> over <see cref="LocalLearner"/>: initial weights from the run
/// seed, evaluation on the test set.</summary>
public sealed class LearnerEvaluator : IModelEvaluator
{
    readonly LocalLearner _learner;
    readonly LabeledImages _test;

    public LearnerEvaluator(string model, int threads, int seed, LabeledImages test)
    {
        _learner = new LocalLearner(model, threads, seed);
        _test = test;
    }

    public int ParameterCount => _learner.ParameterCount;

    public float[] InitialWeights() => _learner.InitialWeights();

    public EvaluationSummary Evaluate(float[] weights)
    {
        var result = _learner.Evaluate(weights, _test);
        return new EvaluationSummary(result.Loss, result.Accuracy, result.Count);
    }

    public void Dispose() => _learner.Dispose();
}
