using System.Text.Json;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class TrimmedMeanTests
{
    static readonly string[] Ids = ["a", "b", "c", "d", "e"];

    static float[] Run(double beta) =>
        FitRounds.Run(new TrimmedMean(new TrimmedMeanOptions { Beta = beta }, FitRounds.Settings), FitRounds.Context(1, [0f, 10f], Ids),
            FitRounds.Reply("a", [1f, -50f]), FitRounds.Reply("b", [100f, 0f]), FitRounds.Reply("c", [3f, 3f]),
            FitRounds.Reply("d", [2f, 1f], samples: 500), FitRounds.Reply("e", [4f, 2f])).Parameters;

    [Fact]
    public void CutsFloorOfBetaTimesNFromEachEndOfEveryCoordinate()
    {
        // beta = 0.2, n = 5: one value cut from each end. {1, 2, 3, 4, 100} -> mean(2, 3, 4) = 3;
        // {-50, 0, 1, 2, 3} -> mean(0, 1, 2) = 1; x = [0, 10] + [3, 1].
        Assert.Equal([3f, 11f], Run(0.2));
        // beta = 0.19: floor(0.95) = 0, the unweighted mean: [110 / 5, -44 / 5] = [22, -8.8].
        Assert.Equal([22f, 10f - 8.8f], Run(0.19));
        // beta = 0.4: floor(2) = 2 cut from each end, the median.
        Assert.Equal([3f, 11f], Run(0.4));
    }

    [Fact]
    public void BetaOfOneHalfOrMoreIsRefusedNamingTheOption()
    {
        using var json = JsonDocument.Parse("""{ "beta": 0.5 }""");
        var error = Assert.Throws<StrategyOptionsException>(() => StrategyRegistry.Find("trimmed-mean").BindOptions(json.RootElement));
        Assert.Equal("beta must be in [0, 0.5), got 0.5", Assert.Single(error.Errors).ToString());
        Assert.Throws<StrategyOptionsException>(() => new TrimmedMean(new TrimmedMeanOptions { Beta = -0.1 }, FitRounds.Settings));
    }

    [Fact]
    public void TheMeanOfSortedValuesRefusesATrimThatLeavesNothing()
    {
        Assert.Equal(2.5, TrimmedMean.Mean([1f, 2f, 3f, 4f], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrimmedMean.Mean([1f, 2f, 3f, 4f], 2));
        Assert.Equal(0, TrimmedMean.Trimmed(0.1, 9));
        Assert.Equal(1, TrimmedMean.Trimmed(0.1, 10));
    }
}
