using FedHybrid.Aggregation;

namespace FedHybrid.Aggregation.Tests;

public sealed class FedAvgTests
{
    [Fact]
    public void AggregateFitMovesTheGlobalModelByTheSampleWeightedMeanDelta()
    {
        var fedAvg = new FedAvg(new FedAvgOptions());
        float[] global = [1f, 2f, 3f];
        var results = new[]
        {
            new FitResult("b", [3f, 0f, -3f], 300),
            new FitResult("a", [1f, 1f, 1f], 100),
        };
        var next = fedAvg.AggregateFit(1, global, results);
        // mean delta = (100*[1,1,1] + 300*[3,0,-3]) / 400 = [2.5, 0.25, -2]
        Assert.Equal([3.5f, 2.25f, 1f], next);
    }

    [Fact]
    public void AggregateFitIsIndependentOfArrivalOrderBitForBit()
    {
        var random = new Random(3);
        float[] global = Enumerable.Range(0, 1000).Select(_ => (float)random.NextDouble()).ToArray();
        var results = Enumerable.Range(0, 7)
            .Select(i => new FitResult($"client-{i}", Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f).ToArray(), 100 + 37 * i))
            .ToArray();
        var fedAvg = new FedAvg(new FedAvgOptions());
        var forward = fedAvg.AggregateFit(1, global, results);
        var reversed = fedAvg.AggregateFit(1, global, results.Reverse().ToArray());
        var shuffled = fedAvg.AggregateFit(1, global, results.OrderBy(_ => random.Next()).ToArray());
        Assert.Equal(forward, reversed);
        Assert.Equal(forward, shuffled);
    }

    [Fact]
    public void AggregateFitRefusesDuplicateClientsAndWrongLengths()
    {
        var fedAvg = new FedAvg(new FedAvgOptions());
        Assert.Throws<ArgumentException>(() => fedAvg.AggregateFit(1, new float[2], [new FitResult("a", new float[2], 1), new FitResult("a", new float[2], 1)]));
        Assert.Throws<ArgumentException>(() => fedAvg.AggregateFit(1, new float[2], [new FitResult("a", new float[3], 1)]));
        Assert.Throws<ArgumentException>(() => fedAvg.AggregateFit(1, new float[2], []));
    }

    [Fact]
    public void ServerLearningRateScalesTheStep()
    {
        var fedAvg = new FedAvg(new FedAvgOptions(ServerLearningRate: 0.5));
        Assert.Equal([2f], fedAvg.AggregateFit(1, [1f], [new FitResult("a", [2f], 10)]));
    }

    [Fact]
    public void ConfigureFitSamplesTheFractionAndEvaluateUsesTheGivenFunction()
    {
        var clients = Enumerable.Range(1, 10).Select(i => $"c{i:00}").ToArray();
        var fedAvg = new FedAvg(new FedAvgOptions(FractionFit: 0.3, MinFitClients: 1, Seed: 5), (round, w) => new EvaluationSummary(w[0], round, 1));
        Assert.Equal(3, fedAvg.ConfigureFit(1, clients).Clients.Count);
        Assert.Equal(new EvaluationSummary(4, 2, 1), fedAvg.Evaluate(2, [4f]));
        Assert.Empty(fedAvg.ConfigureEvaluate(1, clients).Clients);
        Assert.Equal(5, new FedAvg(fedAvg.Options) { FractionEvaluate = 0.5 }.ConfigureEvaluate(1, clients).Clients.Count);
    }

    [Fact]
    public void AggregateEvaluateWeightsByExampleCount()
    {
        var fedAvg = new FedAvg(new FedAvgOptions());
        var summary = fedAvg.AggregateEvaluate(1, [new ClientEvaluation("a", new EvaluationSummary(1.0, 0.5, 100)), new ClientEvaluation("b", new EvaluationSummary(3.0, 1.0, 300))]);
        Assert.Equal(new EvaluationSummary(2.5, 0.875, 400), summary);
        Assert.Null(fedAvg.AggregateEvaluate(1, []));
    }

    [Fact]
    public void InvalidOptionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedAvg(new FedAvgOptions(FractionFit: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedAvg(new FedAvgOptions(FractionFit: 1.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedAvg(new FedAvgOptions(MinFitClients: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedAvg(new FedAvgOptions(ServerLearningRate: double.NaN)));
    }
}
