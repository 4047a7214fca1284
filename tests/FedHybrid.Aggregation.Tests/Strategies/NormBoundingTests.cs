using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class NormBoundingTests
{
    [Fact]
    public void ClipsEachDeltaToTheBoundThenAveragesBySampleCount()
    {
        // a = [3, 4] has norm 5 > M = 1: scaled to [0.6, 0.8]; b = [0.3, 0] is within and kept.
        // Step = (1 * [0.6, 0.8] + 3 * [0.3, 0]) / 4 = [0.375, 0.2].
        var strategy = new NormBounding(new NormBoundingOptions { NormBound = 1 }, FitRounds.Settings);
        var result = FitRounds.Run(strategy, FitRounds.Context(1, [1f, 1f]),
            FitRounds.Reply("a", [3f, 4f], samples: 1), FitRounds.Reply("b", [0.3f, 0f], samples: 3));
        Assert.True(result.Aggregated);
        Assert.Equal(1.375, result.Parameters[0], 1e-6);
        Assert.Equal(1.2, result.Parameters[1], 1e-6);
    }

    [Fact]
    public void TheClipFactorIsOneWithinTheBoundAndMOverTheNormBeyond()
    {
        Assert.Equal(1.0, NormBounding.ClipFactor([0.3f, 0.4f], 1.0));
        Assert.Equal(0.2, NormBounding.ClipFactor([3f, 4f], 1.0), 1e-15);
        Assert.Equal(1.0, NormBounding.ClipFactor([0f, 0f], 1.0));
    }

    [Fact]
    public void ABoundThatIsNotPositiveIsRefused()
    {
        var error = Assert.Throws<StrategyOptionsException>(() => new NormBounding(new NormBoundingOptions { NormBound = 0 }, FitRounds.Settings));
        Assert.Equal("norm_bound must be > 0, got 0", Assert.Single(error.Errors).ToString());
    }
}
