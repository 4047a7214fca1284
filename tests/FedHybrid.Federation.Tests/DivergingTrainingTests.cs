using FedHybrid.Aggregation.Strategies;
using FedHybrid.Aggregation;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Tests;

/// <summary>The real trainer on tiny data, real clients over gRPC: a learning rate that makes local
/// training diverge yields updates rejected as not-finite, not a coordinator that dies writing NaN.</summary>
public sealed class DivergingTrainingTests : IDisposable
{
    const string Model = "mlp2nn";
    readonly TestKeys _keys = new(2);
    readonly TempDirectory _directory = new();

    /// <summary>Sixteen 28x28 images of seeded noise with labels 0..9.</summary>
    static LabeledImages TinyData(int seed)
    {
        var random = new Random(seed);
        var pixels = new float[16 * 28 * 28];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (float)random.NextDouble();
        return new LabeledImages(pixels, Enumerable.Range(0, 16).Select(i => (byte)(i % 10)).ToArray(), 28, 28);
    }

    [Fact]
    public async Task ADivergingLearningRateGivesNotFiniteRejectionsAndTheRunStillWritesItsOutputs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var evaluator = new LearnerEvaluator(Model, 1, 7, TinyData(99));
        var options = new CoordinatorOptions("run-diverge", Model, 2, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 1, 1, _directory.Path)
            { Samples = new SampleLimits(16) };
        var engine = new StageEngine(options, new FedAvg(new FedAvgOptions(), new FitSettings(1, 8, 1e30, Seed: 5)), evaluator,
            _keys.Coordinator, _keys.Registry);
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions(), ct);
        var clients = _keys.Clients.Select((keys, i) => new FederatedClient(new ClientOptions(_keys.Coordinator.Identity), keys,
            () => new GrpcClientChannel(host.Address), (model, threads) => new LearnerTrainer(model, threads, TinyData(i))).RunAsync(ct)).ToArray();

        var summary = await engine.RunAsync(false, ct);
        Assert.Equal([ClientExitCode.Finished, ClientExitCode.Finished], await Task.WhenAll(clients));
        Assert.Equal(0, summary.RoundsAggregated);
        Assert.Equal(4, summary.UpdatesRejected);
        Assert.Equal(new Dictionary<string, int> { ["not-finite"] = 4 }, summary.RejectionReasons);
        Assert.Equal(ModelPayload.Hash(evaluator.InitialWeights()), summary.FinalModelSha256);

        var checkpoint = new CheckpointStore(_directory.Path, _keys.Coordinator).Load();
        Assert.Equal(2, checkpoint.Round);
        Assert.Equal(4, checkpoint.Clients.Count(c => c.Reason == "not-finite"));
        Assert.All(File.ReadAllLines(_directory.Sub("metrics.csv")).Skip(1), row => Assert.Contains(",false,", row));
        Assert.All(File.ReadAllLines(_directory.Sub("metrics.csv")).Skip(1), row => Assert.Contains(",not-finite:2,", row));
        Assert.Equal(5, File.ReadAllLines(_directory.Sub("clients.csv")).Length);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _directory.Dispose();
    }
}
