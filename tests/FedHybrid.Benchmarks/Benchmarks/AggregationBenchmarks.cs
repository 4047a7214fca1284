using BenchmarkDotNet.Attributes;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// The coordinator's cost of one fit stage's aggregation, per strategy: from the accepted replies to
/// the new model (each reply read and checked, then the strategy's server update), without the
/// network or the crypto. Models of mlp2nn's 199,210 and the fmnist cnn's 1,663,370 parameters, 10 and
/// 100 clients. The deltas are as in RobustAggregationTests: a common direction plus per-client noise,
/// and every tenth client hostile (its delta times -100), so the robust rules have something to reject
/// and the geometric median iterates as it would under attack.
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    static readonly FitSettings Settings = new(Epochs: 1, BatchSize: 32, LearningRate: 0.05, Seed: 1);

    Strategy _strategy = null!;
    RoundContext _round = null!;
    StageResults _replies = null!;

    [Params("fedavg", "median", "trimmed-mean", "krum", "multi-krum", "geometric-median", "norm-bounding")]
    public string Aggregator { get; set; } = "fedavg";

    [Params(10, 100)]
    public int Clients { get; set; }

    [Params(199_210, 1_663_370)]
    public int Parameters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12);
        var common = new float[Parameters];
        for (int j = 0; j < common.Length; j++)
            common[j] = (float)(random.NextDouble() * 2e-3 - 1e-3);
        var ids = Enumerable.Range(0, Clients).Select(i => $"client-{i:D3}").ToArray();
        var replies = ids.Select((id, i) =>
        {
            var delta = new float[Parameters];
            float scale = i % 10 == 3 ? -100f : 1f;
            for (int j = 0; j < delta.Length; j++)
                delta[j] = scale * (common[j] + (float)(random.NextDouble() * 2e-4 - 1e-4));
            return new StageReply(id, FitMessages.FitMetrics(100, 0.5, 10), StagePayload.OfVectors((FitProtocol.Delta, delta)));
        }).ToArray();
        _round = new RoundContext(1, ids, new float[Parameters]);
        _replies = new StageResults(FitProtocol.FitStage, replies, []);
        int f = Clients / 10;
        // The bound is the honest deltas' norm, as docs/strategies.md advises.
        double bound = VectorMath.Norm(replies[0].Payload.Vectors[FitProtocol.Delta]);
        _strategy = Aggregator switch
        {
            "fedavg" => new FedAvg(new FedAvgOptions(), Settings),
            "median" => new CoordinateMedian(new CoordinateMedianOptions(), Settings),
            "trimmed-mean" => new TrimmedMean(new TrimmedMeanOptions { Beta = 0.1 }, Settings),
            "krum" => new Krum(new KrumOptions { F = f, M = 1 }, Settings),
            "multi-krum" => new Krum(new KrumOptions { F = f, M = Clients - f }, Settings),
            "geometric-median" => new GeometricMedian(new GeometricMedianOptions(), Settings),
            "norm-bounding" => new NormBounding(new NormBoundingOptions { NormBound = bound }, Settings),
            _ => throw new ArgumentOutOfRangeException(nameof(Aggregator), Aggregator, "not an aggregator of this benchmark"),
        };
        if (_strategy is GeometricMedian)
        {
            // How many Weiszfeld steps the measured aggregation takes, for the docs.
            var (_, steps) = GeometricMedian.Weiszfeld(replies.Select(r => r.Payload.Vectors[FitProtocol.Delta]).ToArray(),
                replies.Select(_ => 100.0).ToArray(), 1e-6, new GeometricMedianOptions().Iterations, new GeometricMedianOptions().Tolerance);
            Console.WriteLine($"// geometric-median: {steps} Weiszfeld iteration(s) at {Clients} clients, {Parameters} parameters");
        }
    }

    [Benchmark]
    public float[] Aggregate()
    {
        _strategy.BeginRound(_round);
        var outcome = (StageOutcome.RoundDone)_strategy.CompleteStage(_round, _replies);
        if (!outcome.Result.Aggregated)
            throw new InvalidOperationException($"{Aggregator} did not aggregate: {outcome.Result.AbortReason}");
        return outcome.Result.Parameters;
    }
}
