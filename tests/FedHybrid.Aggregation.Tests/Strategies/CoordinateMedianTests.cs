using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class CoordinateMedianTests
{
    static readonly CoordinateMedian Median = new(new CoordinateMedianOptions(), FitRounds.Settings);

    [Fact]
    public void TakesEachCoordinatesMiddleValueWhateverTheSampleCounts()
    {
        // Per coordinate: {1, 3, -1} -> 1, {-2, 5, 4} -> 4, {0, 0.5, 100} -> 0.5; x = [1, 1, 1] + [1, 4, 0.5].
        var result = FitRounds.Run(Median, FitRounds.Context(1, [1f, 1f, 1f], "a", "b", "c"),
            FitRounds.Reply("a", [1f, -2f, 0f]), FitRounds.Reply("b", [3f, 5f, 0.5f]), FitRounds.Reply("c", [-1f, 4f, 100f], samples: 1000));
        Assert.True(result.Aggregated);
        Assert.Equal([2f, 5f, 1.5f], result.Parameters);
    }

    [Fact]
    public void AnEvenCountAveragesTheTwoMiddleValues()
    {
        // {-1, 1, 2, 3} -> 1.5, {-2, 0, 4, 5} -> 2, {-100, 0, 0.5, 100} -> 0.25.
        var result = FitRounds.Run(Median, FitRounds.Context(1, [0f, 0f, 0f], "a", "b", "c", "d"),
            FitRounds.Reply("a", [1f, -2f, 0f]), FitRounds.Reply("b", [3f, 5f, 0.5f]), FitRounds.Reply("c", [-1f, 4f, 100f]),
            FitRounds.Reply("d", [2f, 0f, -100f]));
        Assert.Equal([1.5f, 2f, 0.25f], result.Parameters);
    }

    [Fact]
    public void AVectorLongerThanOneBlockIsTakenCoordinateByCoordinate()
    {
        // 600 coordinates cross the 256-wide copy blocks; client k's value at j is (j * 7 + k * 13) % 5.
        const int length = 600;
        string[] ids = ["a", "b", "c", "d", "e"];
        var replies = ids.Select((id, k) => FitRounds.Reply(id, Enumerable.Range(0, length).Select(j => (float)((j * 7 + k * 13) % 5)).ToArray())).ToArray();
        var result = FitRounds.Run(Median, FitRounds.Context(1, new float[length], ids), replies);
        // For each j the five values are a permutation of 0..4 (13 is a unit mod 5), so every median is 2.
        Assert.All(result.Parameters, v => Assert.Equal(2f, v));
    }
}
