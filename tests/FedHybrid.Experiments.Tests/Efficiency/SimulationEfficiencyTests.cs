using FedHybrid.Experiments.Efficiency;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Tests.Efficiency;

/// <summary>A round's efficiency is the floor of its accepted fits' samples over its wall time, and its wall time splits
/// into phases that add up to it.</summary>
public sealed class SimulationEfficiencyTests
{
    // Round 1: publish 0.1 + 0.2 s, aggregate 0.3 s, evaluate 0.6 s, round 10 s (metrics.csv, milliseconds).
    static RoundMetrics Round(int round, double evaluateMs = 600) => new(round, "fit", 3, 3, 2, 1, 0, true, "", "", "", 0.5, 0.8, double.NaN, double.NaN,
        100, 200, 0, 0, 0, 0, 0, 300, evaluateMs, 10_000, 0, 0, "h");

    static ClientRoundRecord Client(int round, string id, string status, long samples, double workMs, double openCheckMs) =>
        new(round, "fit", id, status, "", "", samples, 0.5, 0, DownloadMs: 100, OpenMs: 200, WorkMs: workMs, SealMs: 300, UploadMs: 400,
            OpenCheckMs: openCheckMs, BytesDown: 0, BytesUp: 0);

    [Fact]
    public void The_floor_counts_accepted_fits_only_and_the_phases_add_up_to_the_round()
    {
        var stages = new[] { new StageMetrics(1, 1, "fit", 3, 2, 1, 0, "", SealPublishMs: 200, CollectMs: 8_000, OpenCheckMs: 0, StrategyMs: 0, BytesDown: 0, BytesUp: 0) };
        var clients = new[]
        {
            Client(1, "client-01", "accepted", 1_000, workMs: 6_000, openCheckMs: 50),
            Client(1, "client-02", "accepted", 2_000, workMs: 7_000, openCheckMs: 150),
            Client(1, "client-03", "rejected", 4_000, workMs: 9_000, openCheckMs: 200), // trained, but not work the round kept
        };
        // 2 epochs of 3,000 samples at 1,000 samples/s on 2 cores: a 6 s floor.
        var round = Assert.Single(SimulationEfficiency.Of([Round(1)], stages, clients, epochs: 2, floorSamplesPerSecond: 1_000, cores: 2));

        Assert.Equal((2, 3_000L), (round.Clients, round.SamplesTrained));
        Assert.Equal(6.0, round.FloorSeconds, 9);
        Assert.Equal(0.6, round.Efficiency, 9);
        Assert.Equal(0.3, round.PublishSeconds, 9);
        Assert.Equal(8.0, round.CollectSeconds, 9);
        Assert.Equal(13.0 / 2 - 6.0, round.TrainingBeyondFloorSeconds, 9);
        Assert.Equal(3 * 1.0 / 2, round.ClientCryptoAndTransferSeconds, 9); // every reply's download, open, seal and upload
        Assert.Equal(0.4 / 2, round.CoordinatorOpenCheckSeconds, 9);
        Assert.Equal(8.0 - 6.0 - 0.5 - 1.5 - 0.2, round.IdleSeconds, 9);
        Assert.Equal(10.0 - 0.3 - 8.0 - 0.3 - 0.6, round.OtherSeconds, 9);
        Assert.Equal(round.RoundSeconds, round.PublishSeconds + round.CollectSeconds + round.AggregateSeconds + round.EvaluateSeconds + round.OtherSeconds, 9);
        Assert.Equal(round.CollectSeconds, round.FloorSeconds + round.TrainingBeyondFloorSeconds + round.ClientCryptoAndTransferSeconds
            + round.CoordinatorOpenCheckSeconds + round.IdleSeconds, 9);
    }

    [Fact]
    public void Rounds_are_kept_apart_and_an_evaluation_that_did_not_run_costs_nothing()
    {
        var stages = new[] { 1, 2 }.Select(r => new StageMetrics(r, 1, "fit", 1, 1, 0, 0, "", 0, 5_000, 0, 0, 0, 0)).ToArray();
        var clients = new[] { Client(1, "client-01", "accepted", 500, 1_000, 0), Client(2, "client-01", "accepted", 1_500, 1_000, 0) };
        var rounds = SimulationEfficiency.Of([Round(1), Round(2, evaluateMs: double.NaN)], stages, clients, 1, 100, 1);
        Assert.Equal([5.0, 15.0], rounds.Select(r => r.FloorSeconds));
        Assert.Equal(0, rounds[1].EvaluateSeconds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_floor_that_is_no_rate_is_refused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulationEfficiency.Of([Round(1)], [], [], 1, rate, 2));
}
