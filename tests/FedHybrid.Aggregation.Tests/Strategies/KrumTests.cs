using System.Text.Json;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class KrumTests
{
    static readonly string[] Ids = ["a", "b", "c", "d", "e"];

    static Krum Make(int f, int m) => new(new KrumOptions { F = f, M = m }, FitRounds.Settings);

    // a (0,0), b (1,0), c (0,2), d (3,3), e (10,10). Squared distances: ab 1, ac 4, ad 18, ae 200, bc 5,
    // bd 13, be 181, cd 10, ce 164, de 98. With f = 1 each score sums the n - f - 2 = 2 nearest:
    // a 1+4 = 5, b 1+5 = 6, c 4+5 = 9, d 10+13 = 23, e 98+164 = 262.
    static readonly Aggregation.Stages.StageReply[] Replies =
    [
        FitRounds.Reply("e", [10f, 10f], samples: 1000), FitRounds.Reply("d", [3f, 3f]), FitRounds.Reply("c", [0f, 2f]),
        FitRounds.Reply("b", [1f, 0f]), FitRounds.Reply("a", [0f, 0f]),
    ];

    [Fact]
    public void ScoresSumTheSquaredDistancesToTheNMinusFMinus2Nearest()
    {
        float[][] points = [[0f, 0f], [1f, 0f], [0f, 2f], [3f, 3f], [10f, 10f]];
        Assert.Equal([5.0, 6.0, 9.0, 23.0, 262.0], Krum.Scores(points, f: 1));
        // f = 0: the three nearest. a 1+4+18, b 1+5+13, c 4+5+10, d 10+13+18, e 98+164+181.
        Assert.Equal([23.0, 19.0, 19.0, 41.0, 443.0], Krum.Scores(points, f: 0));
    }

    [Fact]
    public void KrumKeepsTheBestScoredUpdateWhole()
    {
        var result = FitRounds.Run(Make(1, 1), FitRounds.Context(1, [1f, 1f], Ids), Replies);
        Assert.True(result.Aggregated);
        Assert.Equal([1f, 1f], result.Parameters);
    }

    [Fact]
    public void MultiKrumAveragesTheMBestUnweighted()
    {
        // m = 3: a, b, c; their mean (1/3, 2/3), whatever e's sample count.
        Assert.Equal([1f + 1f / 3, 1f + 2f / 3], FitRounds.Run(Make(1, 3), FitRounds.Context(1, [1f, 1f], Ids), Replies).Parameters);
        // m = n - f = 4 keeps all but e: mean of a, b, c, d = (1, 1.25).
        Assert.Equal([1f, 1.25f], FitRounds.Run(Make(1, 4), FitRounds.Context(1, [0f, 0f], Ids), Replies).Parameters);
    }

    [Fact]
    public void EqualScoresGoToTheClientFirstInIdOrder()
    {
        // A unit square and a far point: the four corners all score 1 + 1 = 2; 'a' holds (1, 1).
        var result = FitRounds.Run(Make(1, 1), FitRounds.Context(1, [0f, 0f], Ids),
            FitRounds.Reply("d", [0f, 0f]), FitRounds.Reply("b", [1f, 0f]), FitRounds.Reply("c", [0f, 1f]), FitRounds.Reply("a", [1f, 1f]),
            FitRounds.Reply("e", [10f, 10f]));
        Assert.Equal([1f, 1f], result.Parameters);
        Assert.Equal([1, 0, 2], Krum.Select([2.0, 1.0, 2.0], 3));
    }

    [Fact]
    public void ACohortTooSmallForFKeepsTheModelAndSaysWhy()
    {
        // n = 4 with f = 1: 4 is not > 2f + 2.
        var small = FitRounds.Run(Make(1, 1), FitRounds.Context(1, [1f, 1f], Ids), Replies[1..]);
        Assert.False(small.Aggregated);
        Assert.Equal([1f, 1f], small.Parameters);
        Assert.Equal("4 accepted update(s); krum with f = 1 needs n > 2f + 2 = 4", small.AbortReason);
        // m = 5 > n - f = 4.
        var many = FitRounds.Run(Make(1, 5), FitRounds.Context(1, [1f, 1f], Ids), Replies);
        Assert.False(many.Aggregated);
        Assert.Equal("5 accepted update(s); krum with f = 1 keeps m = 5, at most n - f = 4", many.AbortReason);
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedNamingEach()
    {
        using var json = JsonDocument.Parse("""{ "f": -1, "m": 0 }""");
        var error = Assert.Throws<StrategyOptionsException>(() => StrategyRegistry.Find("krum").BindOptions(json.RootElement));
        Assert.Equal(["f must be >= 0, got -1", "m must be >= 1, got 0"], error.Errors.Select(e => e.ToString()));
    }
}
