using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class GeometricMedianTests
{
    static readonly float[][] Line = [[0f], [1f], [10f]];

    [Fact]
    public void OneWeiszfeldStepFromTheMeanIsTheInverseDistanceWeightedMean()
    {
        // v0 = 11/3; distances 11/3, 8/3, 19/3; v1 = (1 * 3/8 + 10 * 3/19) / (3/11 + 3/8 + 3/19) = 2.4253897...
        var (median, iterations) = GeometricMedian.Weiszfeld(Line, [1, 1, 1], nu: 1e-6, iterations: 1, tolerance: 0);
        Assert.Equal(1, iterations);
        Assert.Equal(2.425389755011136, median[0], 1e-6);
    }

    [Fact]
    public void ConvergesToTheGeometricMedianNotTheMean()
    {
        // In one dimension the geometric median is the (weighted) median: 1 for equal weights; 10 once
        // the point there holds 3/5 of the weight.
        Assert.Equal(1.0, GeometricMedian.Weiszfeld(Line, [1, 1, 1], 1e-6, 200, 0).Median[0], 1e-4);
        Assert.Equal(10.0, GeometricMedian.Weiszfeld(Line, [1, 1, 3], 1e-6, 200, 0).Median[0], 1e-4);
    }

    [Fact]
    public void StopsOnceTheObjectiveChangesByLessThanTheTolerance()
    {
        var (_, loose) = GeometricMedian.Weiszfeld(Line, [1, 1, 1], 1e-6, 200, 1e-2);
        var (_, tight) = GeometricMedian.Weiszfeld(Line, [1, 1, 1], 1e-6, 200, 1e-9);
        Assert.InRange(loose, 1, tight - 1);
        // Identical points: the first step leaves the objective at 0, and it stops there.
        var (same, once) = GeometricMedian.Weiszfeld([[2f, 3f], [2f, 3f]], [1, 5], 1e-6, 50, 1e-6);
        Assert.Equal([2f, 3f], same);
        Assert.Equal(1, once);
    }

    [Fact]
    public void TheRoundMovesTheModelByTheSampleWeightedGeometricMedian()
    {
        var strategy = new GeometricMedian(new GeometricMedianOptions { Iterations = 200, Tolerance = 0 }, FitRounds.Settings);
        var result = FitRounds.Run(strategy, FitRounds.Context(1, [5f], "a", "b", "c"),
            FitRounds.Reply("a", [0f], samples: 10), FitRounds.Reply("b", [1f], samples: 10), FitRounds.Reply("c", [10f], samples: 30));
        Assert.True(result.Aggregated);
        Assert.Equal(15.0, result.Parameters[0], 1e-3);
    }
}
