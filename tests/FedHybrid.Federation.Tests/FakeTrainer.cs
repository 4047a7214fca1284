using FedHybrid.Aggregation;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Tests;

/// <summary>"Trains" by adding <see cref="Step"/> to every weight.</summary>
sealed class FakeTrainer(int parameterCount, float step, long samples) : ILocalTrainer
{
    public int ParameterCount { get; } = parameterCount;
    public float Step { get; } = step;

    public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken) =>
        new(globalWeights.Select(w => w + Step).ToArray(), samples, 0.25, 1);

    public EvaluationSummary Evaluate(float[] weights) => new(0, weights[0], samples);

    public void Dispose() { }
}
