using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Tests;

public sealed class SuiteCostTests
{
    /// <summary>A round whose phases are given in milliseconds; everything else is zero.</summary>
    static RoundMetrics Round(int round, double roundMs, double work, double seal, double download, double clientSeal, double upload, double openCheck) =>
        new(round, "fit", 2, 2, 2, 0, 0, true, "", "", "", 0.1, 0.9, double.NaN, double.NaN,
            0, seal, download, work, clientSeal, upload, openCheck, 0, 0, roundMs, 0, 0, "h");

    [Fact]
    public void RoundOneIsLeftOutWhenThereAreMoreRounds()
    {
        var cost = SuiteCost.From("x", 1, [Round(1, 9000, 1, 1, 1, 1, 1, 1), Round(2, 1000, 800, 2, 4, 6, 8, 10), Round(3, 3000, 1200, 4, 6, 8, 10, 12)], "hash");
        Assert.Equal(2, cost.RoundsCounted);
        Assert.Equal(2000, cost.RoundMs);
        Assert.Equal(1000, cost.TrainMs);
        Assert.Equal(3 + 5 + 7 + 9 + 11, cost.CryptoAndTransferMs);
    }

    [Fact]
    public void ASingleRoundRunCountsThatRound()
    {
        var cost = SuiteCost.From("x", 1, [Round(1, 9000, 1, 1, 1, 1, 1, 1)], "hash");
        Assert.Equal(1, cost.RoundsCounted);
        Assert.Equal(9000, cost.RoundMs);
    }

    [Fact]
    public void ARunWithoutRoundsIsAnError()
    {
        var error = Assert.Throws<InvalidDataException>(() => SuiteCost.From("none", 1, [], "hash"));
        Assert.Contains("none", error.Message);
    }
}
