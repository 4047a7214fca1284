using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Training;

/// <summary>The coordinator's model: initial weights and centralized evaluation on the test set.</summary>
public interface IModelEvaluator : IDisposable
{
    int ParameterCount { get; }

    float[] InitialWeights();

    EvaluationSummary Evaluate(float[] weights);
}
