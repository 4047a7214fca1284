using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Federation.Tests;

/// <summary>The engine hands each accepted reply to the strategy as it arrives (<see cref="Strategy.Absorb"/>): under
/// FedAvg it keeps no update vector, under the coordinate median it keeps every one, and the order the clients
/// answer in does not change the model.</summary>
public sealed class FoldingEngineTests : IDisposable
{
    const int Parameters = 4;
    readonly TestKeys _keys = new(3);
    readonly List<string> _directories = [];

    // Per client: values whose double sum depends on its order (1e30 + 1 - 1e30), a subnormal, ordinary ones.
    static readonly float[][] Deltas =
    [
        [1e30f, 1e-40f, 0.1f, -3f],
        [1f, 1e-40f, 0.2f, 5f],
        [-1e30f, -1e-40f, 0.7f, 1e-10f],
    ];

    StageEngine Engine(Strategy strategy)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fedhybrid-fold-" + Guid.NewGuid().ToString("n")[..10]);
        _directories.Add(directory);
        var engine = TestEngines.Create(_keys, directory, Parameters, rounds: 1, TimeSpan.FromMinutes(5), strategy: strategy);
        foreach (var client in _keys.Clients)
            TestJoins.Admit(engine, client);
        return engine;
    }

    static FitSettings Settings => new(1, 8, 0.1, Seed: 9);

    /// <summary>One round, the clients answering in <paramref name="order"/>; the final model.</summary>
    async Task<(float[] Model, long PeakHeld)> RunAsync(Strategy strategy, params int[] order)
    {
        var engine = Engine(strategy);
        var run = engine.RunAsync(resume: false, TestContext.Current.CancellationToken);
        foreach (int i in order)
        {
            var (task, _, _) = await StagePlay.NextAsync(engine, _keys.Clients[i]);
            var verdict = StagePlay.Submit(engine, _keys.Clients[i], task, StagePlay.SealFit(engine, _keys.Clients[i], task, Deltas[i], samples: 1));
            Assert.True(verdict.Accepted, verdict.Detail);
        }
        await run;
        return (new CheckpointStore(_directories[^1], _keys.Coordinator).Load().Weights, engine.PeakHeldValues);
    }

    static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    [Fact]
    public async Task FedAvgHoldsNoUpdateAndTheArrivalOrderDoesNotChangeTheModel()
    {
        var (first, held) = await RunAsync(new FedAvg(new FedAvgOptions(), Settings), 0, 1, 2);
        var (second, heldToo) = await RunAsync(new FedAvg(new FedAvgOptions(), Settings), 2, 0, 1);
        Assert.Equal(0, held);
        Assert.Equal(0, heldToo);
        Assert.Equal(Bits(first), Bits(second));
        // The exact sums, each rounded once and divided by the 3 samples: 1e30 cancels and leaves the 1.
        Assert.Equal(Bits([(float)(1.0 / 3), (float)(1e-40f / 3.0), (float)(((double)0.1f + 0.2f + 0.7f) / 3), (float)((-3.0 + 5 + 1e-10f) / 3)]), Bits(first));
    }

    [Fact]
    public async Task TheCoordinateMedianHoldsEveryUpdateUntilTheStageEnds()
    {
        var median = new CoordinateMedian(new CoordinateMedianOptions(), Settings);
        Assert.NotNull(median.HoldsEveryUpdate);
        var (model, held) = await RunAsync(median, 1, 2, 0);
        Assert.Equal(3 * Parameters, held);
        Assert.Equal(Bits([1f, 1e-40f, 0.2f, 1e-10f]), Bits(model));
    }

    public void Dispose()
    {
        _keys.Dispose();
        foreach (var directory in _directories.Where(Directory.Exists))
            Directory.Delete(directory, recursive: true);
    }
}
