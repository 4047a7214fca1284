using Xunit;
using FedHybrid.Learning.Parameters;
using FedHybrid.Learning.Training;

namespace FedHybrid.Learning.Tests.Training;

public class LocalLearnerTests
{
    static readonly TrainingOptions Options = new(Epochs: 2, BatchSize: 32, LearningRate: 0.05, Momentum: 0.9, Seed: 11);

    static double Distance(float[] a, float[] b)
    {
        float[] d = ParameterVector.Delta(a, b);
        return Math.Sqrt(d.Sum(x => (double)x * x));
    }

    [Theory]
    [InlineData("mlp2nn")]
    [InlineData("lenet")]
    [InlineData("cnn")]
    public void LocalTrainingLowersTheLoss(string model)
    {
        var train = SyntheticImages.Create(400, seed: 1);
        var test = SyntheticImages.Create(200, seed: 2);
        using var learner = new LocalLearner(model, threads: 2, seed: 3);
        float[] start = learner.InitialWeights();
        var before = learner.Evaluate(start, test);
        var result = learner.Fit(start, train, Options with { Epochs = 5, LearningRate = 0.02 }, TestContext.Current.CancellationToken);
        var after = learner.Evaluate(result.Weights, test);
        Assert.True(after.Loss < before.Loss / 2, $"{model}: test loss {before.Loss} -> {after.Loss}");
        Assert.True(after.Accuracy > 0.9, $"{model}: accuracy {after.Accuracy}");
        Assert.Equal(400, result.Samples);
        Assert.Equal(5 * 13, result.Steps);
        Assert.Equal(200, after.Count);
        Assert.Equal(learner.ParameterCount, result.Weights.Length);
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalWeights()
    {
        var train = SyntheticImages.Create(300, seed: 4);
        using var learner = new LocalLearner("lenet", threads: 2, seed: 5);
        float[] start = learner.InitialWeights();
        var first = learner.Fit(start, train, Options, TestContext.Current.CancellationToken);
        var second = learner.Fit(start, train, Options, TestContext.Current.CancellationToken);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.MeanLoss, second.MeanLoss);

        using var other = new LocalLearner("lenet", threads: 2, seed: 5);
        Assert.Equal(start, other.InitialWeights());
        Assert.Equal(first.Weights, other.Fit(other.InitialWeights(), train, Options, TestContext.Current.CancellationToken).Weights);

        var reshuffled = learner.Fit(start, train, Options with { Seed = 12 }, TestContext.Current.CancellationToken);
        Assert.NotEqual(first.Weights, reshuffled.Weights);
    }

    [Fact]
    public void RepeatedFitsAndEvaluationsLeaveNoLiveTensorsBehind()
    {
        var train = SyntheticImages.Create(100, seed: 16);
        using var learner = new LocalLearner("lenet", seed: 1);
        float[] weights = learner.InitialWeights();
        var options = Options with { ProximalMu = 0.1 };
        weights = learner.Fit(weights, train, options, TestContext.Current.CancellationToken).Weights;
        learner.Evaluate(weights, train);
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++)
        {
            weights = learner.Fit(weights, train, options, TestContext.Current.CancellationToken).Weights;
            learner.Evaluate(weights, train);
        }
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentInitialWeights()
    {
        using var a = new LocalLearner("mlp2nn", seed: 1);
        using var b = new LocalLearner("mlp2nn", seed: 2);
        Assert.NotEqual(a.InitialWeights(), b.InitialWeights());
    }

    [Fact]
    public void ALargeProximalTermKeepsTheWeightsNearTheGlobalModel()
    {
        var train = SyntheticImages.Create(300, seed: 6);
        using var learner = new LocalLearner("mlp2nn", threads: 2, seed: 7);
        float[] global = learner.InitialWeights();
        var options = Options with { Momentum = 0 };
        var plain = learner.Fit(global, train, options, TestContext.Current.CancellationToken);
        var proximal = learner.Fit(global, train, options with { ProximalMu = 5 }, TestContext.Current.CancellationToken);
        double plainDrift = Distance(plain.Weights, global), proximalDrift = Distance(proximal.Weights, global);
        Assert.True(proximalDrift < plainDrift / 2, $"drift with mu=5: {proximalDrift}, with mu=0: {plainDrift}");
    }

    [Fact]
    public void WeightDecayShrinksTheWeights()
    {
        var train = SyntheticImages.Create(200, seed: 8);
        using var learner = new LocalLearner("mlp2nn", threads: 2, seed: 9);
        float[] global = learner.InitialWeights();
        var plain = learner.Fit(global, train, Options, TestContext.Current.CancellationToken);
        var decayed = learner.Fit(global, train, Options with { WeightDecay = 0.5 }, TestContext.Current.CancellationToken);
        float[] zero = new float[global.Length];
        Assert.True(Distance(decayed.Weights, zero) < Distance(plain.Weights, zero));
    }

    [Fact]
    public void FitDoesNotChangeTheCallersVector()
    {
        var train = SyntheticImages.Create(100, seed: 10);
        using var learner = new LocalLearner("lenet", seed: 1);
        float[] global = learner.InitialWeights();
        float[] copy = (float[])global.Clone();
        learner.Fit(global, train, Options, TestContext.Current.CancellationToken);
        Assert.Equal(copy, global);
    }

    [Fact]
    public void ProgressIsReportedPerBatch()
    {
        var train = SyntheticImages.Create(100, seed: 12);
        using var learner = new LocalLearner("mlp2nn", seed: 1);
        var reports = new List<TrainingProgress>();
        learner.Fit(learner.InitialWeights(), train, Options with { BatchSize = 40 }, TestContext.Current.CancellationToken, reports.Add);
        Assert.Equal([40, 80, 100, 40, 80, 100], reports.Select(r => r.SamplesDone));
        Assert.Equal([1, 1, 1, 2, 2, 2], reports.Select(r => r.Epoch));
    }

    [Fact]
    public void ACancelledFitStops()
    {
        var train = SyntheticImages.Create(100, seed: 13);
        using var learner = new LocalLearner("mlp2nn", seed: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => learner.Fit(learner.InitialWeights(), train, Options, cts.Token));
    }

    [Fact]
    public void BadOptionsAndVectorsAreRejectedByName()
    {
        var train = SyntheticImages.Create(20, seed: 14);
        using var learner = new LocalLearner("mlp2nn", seed: 1);
        float[] weights = learner.InitialWeights();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => learner.Fit(weights, train, Options with { BatchSize = 0 }, TestContext.Current.CancellationToken));
        Assert.Equal("BatchSize", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => learner.Fit(weights, train, Options with { LearningRate = double.NaN }, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => learner.Fit(new float[5], train, Options, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => learner.Evaluate(new float[5], train));
        Assert.Throws<ArgumentException>(() => new LocalLearner("vgg"));
    }

    [Fact]
    public void EvaluationCountsCorrectPredictions()
    {
        var test = SyntheticImages.Create(1500, seed: 15);
        using var learner = new LocalLearner("mlp2nn", seed: 1);
        // All-zero weights give equal logits: argmax picks class 0, right for every 10th image.
        var result = learner.Evaluate(new float[learner.ParameterCount], test);
        Assert.Equal(0.1, result.Accuracy, 6);
        Assert.Equal(Math.Log(10), result.Loss, 4);
        Assert.Equal(1500, result.Count);
    }
}
