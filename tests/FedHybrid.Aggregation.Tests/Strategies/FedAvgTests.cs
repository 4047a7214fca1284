using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedAvgTests
{
    [Fact]
    public void MovesTheGlobalModelByTheSampleWeightedMeanDelta()
    {
        var fedAvg = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        var result = FitRounds.Run(fedAvg, FitRounds.Context(1, [1f, 2f, 3f]),
            FitRounds.Reply("b", [3f, 0f, -3f], samples: 300), FitRounds.Reply("a", [1f, 1f, 1f], samples: 100));
        // mean delta = (100*[1,1,1] + 300*[3,0,-3]) / 400 = [2.5, 0.25, -2]; x = [1,2,3] + it
        Assert.True(result.Aggregated);
        Assert.Equal([3.5f, 2.25f, 1f], result.Parameters);
        Assert.Equal(2, result.Metrics.Integer("fit_accepted"));
    }

    [Fact]
    public void ServerLearningRateScalesTheStep()
    {
        var fedAvg = new FedAvg(new FedAvgOptions { ServerLearningRate = 0.5 }, FitRounds.Settings);
        // x = 1 + 0.5 * 2
        Assert.Equal([2f], FitRounds.Run(fedAvg, FitRounds.Context(1, [1f]), FitRounds.Reply("a", [2f], samples: 10)).Parameters);
    }

    /// <summary>The arithmetic of FedAvg before the stage API, written out: the quickstart's model hash
    /// depends on it staying the same to the bit.</summary>
    static float[] LegacyFedAvg(float[] global, float[][] deltas, long[] samples)
    {
        int length = global.Length;
        double total = samples.Sum(s => (double)s);
        var sum = new double[length];
        for (int i = 0; i < deltas.Length; i++)
        {
            double w = samples[i] / total;
            for (int j = 0; j < length; j++)
                sum[j] += w * deltas[i][j];
        }
        var next = new float[length];
        for (int j = 0; j < length; j++)
            next[j] = global[j] + (float)sum[j];
        return next;
    }

    [Fact]
    public void ArithmeticIsBitIdenticalToTheLegacyFedAvgWhateverTheArrivalOrder()
    {
        var random = new Random(3);
        float[] global = Enumerable.Range(0, 1000).Select(_ => (float)random.NextDouble()).ToArray();
        var ids = Enumerable.Range(0, 7).Select(i => $"client-{i}").ToArray();
        var deltas = ids.Select(_ => Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f).ToArray()).ToArray();
        var samples = ids.Select((_, i) => 100L + 37 * i).ToArray();
        var replies = ids.Select((id, i) => FitRounds.Reply(id, deltas[i], samples[i])).ToArray();
        var expected = LegacyFedAvg(global, deltas, samples);

        var fedAvg = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        Assert.Equal(expected, FitRounds.Run(fedAvg, FitRounds.Context(1, global, ids), replies).Parameters);
        Assert.Equal(expected, FitRounds.Run(fedAvg, FitRounds.Context(1, global, ids), replies.Reverse().ToArray()).Parameters);
        Assert.Equal(expected, FitRounds.Run(fedAvg, FitRounds.Context(1, global, ids), replies.OrderBy(_ => random.Next()).ToArray()).Parameters);
    }

    [Fact]
    public void KeepsNoState()
    {
        var fedAvg = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        FitRounds.Run(fedAvg, FitRounds.Context(1, [1f]), FitRounds.Reply("a", [2f]));
        Assert.True(fedAvg.SaveState().IsEmpty);
        Assert.Throws<ArgumentException>(() => fedAvg.RestoreState(new StrategyState(StageConfig.Empty, new Dictionary<string, float[]> { ["m"] = [1f] })));
    }
}
