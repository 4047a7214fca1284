using FedHybrid.Aggregation;
using FedHybrid.Federation.Training;

namespace FedHybrid.Testing;

/// <summary>A model of <see cref="ParameterCount"/> zeros whose "accuracy" is its first weight.</summary>
public sealed class FakeEvaluator(int parameterCount) : IModelEvaluator
{
    public int ParameterCount { get; } = parameterCount;

    public float[] InitialWeights() => new float[ParameterCount];

    public EvaluationSummary Evaluate(float[] weights) => new(1 - weights[0], weights[0], 100);

    public void Dispose() { }
}
