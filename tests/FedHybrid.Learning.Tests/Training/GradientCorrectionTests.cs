using Xunit;
using FedHybrid.Learning.Training;

namespace FedHybrid.Learning.Tests.Training;

/// <summary>SCAFFOLD's gradient correction in local training: each step follows g + correction.</summary>
public class GradientCorrectionTests
{
    static readonly TrainingOptions Options = new(Epochs: 2, BatchSize: 16, LearningRate: 0.05, Momentum: 0.9, WeightDecay: 1e-3, Seed: 21);

    [Fact]
    public void AZeroCorrectionTrainsBitForBitAsNone()
    {
        var train = SyntheticImages.Create(64, seed: 31);
        using var learner = new LocalLearner("mlp2nn", threads: 1, seed: 4);
        float[] start = learner.InitialWeights();
        var plain = learner.Fit(start, train, Options, TestContext.Current.CancellationToken);
        var zero = learner.Fit(start, train, Options with { GradientCorrection = new float[learner.ParameterCount] }, TestContext.Current.CancellationToken);
        Assert.Equal(plain.Weights, zero.Weights);
        Assert.Equal(plain.MeanLoss, zero.MeanLoss);
        Assert.Equal(8, plain.Steps); // 64 / 16 = 4 optimizer steps per epoch, 2 epochs
    }

    [Fact]
    public void OneSgdStepMovesEachWeightByMinusTheLearningRateTimesItsCorrection()
    {
        // One step of plain SGD (one batch holding the whole shard, no momentum, no decay):
        // w' = w - eta * (g + c), so w'_plain - w'_corrected = eta * c, here 0.1 * c_j.
        var train = SyntheticImages.Create(10, seed: 32);
        using var learner = new LocalLearner("mlp2nn", threads: 1, seed: 5);
        float[] start = learner.InitialWeights();
        var options = new TrainingOptions(Epochs: 1, BatchSize: 10, LearningRate: 0.1, Seed: 3);
        var correction = Enumerable.Range(0, learner.ParameterCount).Select(j => (j % 5 - 2) * 0.25f).ToArray(); // -0.5 .. 0.5
        var plain = learner.Fit(start, train, options, TestContext.Current.CancellationToken);
        var corrected = learner.Fit(start, train, options with { GradientCorrection = correction }, TestContext.Current.CancellationToken);
        Assert.Equal(1, corrected.Steps);
        for (int j = 0; j < correction.Length; j++)
            Assert.True(Math.Abs(plain.Weights[j] - corrected.Weights[j] - 0.1 * correction[j]) < 1e-6,
                $"weight {j}: plain {plain.Weights[j]}, corrected {corrected.Weights[j]}, correction {correction[j]}");
    }

    [Fact]
    public void ACorrectionOfTheWrongLengthOrNotFiniteIsRefused()
    {
        var train = SyntheticImages.Create(10, seed: 33);
        using var learner = new LocalLearner("mlp2nn", seed: 1);
        float[] start = learner.InitialWeights();
        Assert.Throws<ArgumentException>(() => learner.Fit(start, train, Options with { GradientCorrection = new float[3] }, TestContext.Current.CancellationToken));
        var nan = new float[learner.ParameterCount];
        nan[7] = float.NaN;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => learner.Fit(start, train, Options with { GradientCorrection = nan }, TestContext.Current.CancellationToken));
        Assert.Equal("GradientCorrection", error.ParamName);
    }
}
