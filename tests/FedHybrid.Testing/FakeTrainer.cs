using FedHybrid.Learning.Data;
using FedHybrid.Aggregation;
using FedHybrid.Federation.Training;

namespace FedHybrid.Testing;

/// <summary>"Trains" by adding <see cref="Step"/> to every weight, less the gradient correction where
/// one is given (one step of SGD with learning rate 1 on a gradient of -Step).</summary>
public sealed class FakeTrainer(int parameterCount, float step, long samples) : ILocalTrainer
{
    public int ParameterCount { get; } = parameterCount;
    public float Step { get; } = step;

    public long SampleCount => samples;

    /// <summary>The corrections of every fit so far, in order.</summary>
    public List<float[]?> Corrections { get; } = [];

    public LocalFitResult Fit(float[] globalWeights, TrainingSettings settings, int seed, CancellationToken cancellationToken, float[]? correction = null,
        Func<LabeledImages, LabeledImages>? trainingData = null, Action? betweenBatches = null)
    {
        Corrections.Add(correction);
        betweenBatches?.Invoke();
        return new(globalWeights.Select((w, i) => w + Step - (correction?[i] ?? 0)).ToArray(), samples, 0.25, 1);
    }

    public EvaluationSummary Evaluate(float[] weights) => new(0, weights[0], samples);

    public void Dispose() { }
}
