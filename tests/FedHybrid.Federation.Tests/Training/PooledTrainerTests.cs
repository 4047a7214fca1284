using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Tests.Training;

/// <summary>Virtual clients share their host's pooled models: a fit or evaluation on a model another client just used
/// gives, bit for bit, what it gives on a model of its own.</summary>
public sealed class PooledTrainerTests
{
    const string Model = "mlp2nn";

    /// <summary>Forty 28x28 images of seeded noise with labels 0..9.</summary>
    static LabeledImages Data()
    {
        var random = new Random(3);
        var pixels = new float[40 * 28 * 28];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (float)random.NextDouble();
        return new LabeledImages(pixels, Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray(), 28, 28);
    }

    static float[] Weights(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 0.1 - 0.05)).ToArray();
    }

    static readonly TrainingSettings Settings = new(2, 8, 0.1, 0.9, 1e-4, 0.0);

    [Fact]
    public void AFitOnAModelAnotherClientUsedIsTheFitOnAFreshModel()
    {
        var data = Data();
        int[] first = [.. Enumerable.Range(0, 20)], second = [.. Enumerable.Range(20, 20)];
        using var fresh = new LearnerTrainer(Model, 1, data.Subset(first));
        var global = Weights(1, fresh.ParameterCount);
        var expected = fresh.Fit(global, Settings, seed: 11, CancellationToken.None);
        var expectedEvaluation = fresh.Evaluate(global);

        using var pool = new TrainingPool(1);
        var one = new PooledTrainer(Model, 1, data, first, fresh.ParameterCount, pool);
        var other = new PooledTrainer(Model, 1, data, second, fresh.ParameterCount, pool);
        // The other client trains first, with other weights, momentum and seed, on the one model the pool keeps.
        other.Fit(Weights(2, fresh.ParameterCount), Settings with { Momentum = 0.5, ProximalMu = 0.1 }, seed: 12, CancellationToken.None);
        var pooled = one.Fit(global, Settings, seed: 11, CancellationToken.None);
        other.Evaluate(Weights(3, fresh.ParameterCount));
        var pooledEvaluation = one.Evaluate(global);

        Assert.Equal(expected.Weights, pooled.Weights);
        Assert.Equal(expected.TrainLoss, pooled.TrainLoss);
        Assert.Equal(expected.Steps, pooled.Steps);
        Assert.Equal(expectedEvaluation, pooledEvaluation);
    }
}
