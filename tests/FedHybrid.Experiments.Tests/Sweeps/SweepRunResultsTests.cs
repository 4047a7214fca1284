using FedHybrid.Experiments.Sweeps;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Tests.Sweeps;

public sealed class SweepRunResultsTests
{
    internal static RoundMetrics Round(int round, double accuracy, double epsilon = double.NaN) =>
        new(round, "fit", 2, 2, 2, 0, 0, true, "", "", "", 0.5, accuracy, double.NaN, double.NaN,
            SelectMs: 1, SealPublishMs: 2, ClientDownloadOpenMs: 3, ClientWorkMs: 400, ClientSealMs: 5, UploadMs: 6, OpenCheckMs: 7, AggregateMs: 8, EvaluateMs: 9,
            RoundMs: 500, BytesDown: 1000, BytesUp: 900, ModelHash: "h", EpsilonRdp: epsilon, EpsilonPld: epsilon / 2);

    static readonly RunSummary Summary = new("r", "mlp2nn", "hpke", 3, 3, 0, 0.1, 0.7, 0.4, 0.8, 6, 0, new Dictionary<string, int>(), "00", "f", 2.5);

    [Fact]
    public void PhaseTimesAndBytesAreSummedOverTheRounds_InSeconds_AndTheTargetIsTheFirstRoundThatReachesIt()
    {
        var result = SweepRunResults.FromRounds("r", Summary, [Round(1, 0.6), Round(2, 0.8), Round(3, 0.7)], targetAccuracy: 0.75);
        Assert.Equal(2, result.RoundsToTarget);
        Assert.Equal(1.5, result.TotalSeconds);
        Assert.Equal(1.2, result.ClientWorkSeconds, 12);
        Assert.Equal(0.027, result.EvaluateSeconds, 12);
        Assert.Equal(3000, result.BytesDown);
        Assert.Equal(2700, result.BytesUp);
        Assert.Equal((0.7, 0.8), (result.FinalAccuracy, result.BestAccuracy));
        Assert.True(double.IsNaN(result.EpsilonRdp) && double.IsNaN(result.EpsilonPld));
        Assert.Null(SweepRunResults.FromRounds("r", Summary, [Round(1, 0.6)], targetAccuracy: 0.9).RoundsToTarget);
        Assert.Null(SweepRunResults.FromRounds("r", Summary, [Round(1, 0.6)], targetAccuracy: null).RoundsToTarget);
    }

    [Fact]
    public void EpsilonIsTheLastRoundThatHasOne()
    {
        var result = SweepRunResults.FromRounds("r", Summary, [Round(1, 0.6, 0.5), Round(2, 0.6, 1.25), Round(3, 0.6)], null);
        Assert.Equal(1.25, result.EpsilonRdp);
        Assert.Equal(0.625, result.EpsilonPld);
    }
}
