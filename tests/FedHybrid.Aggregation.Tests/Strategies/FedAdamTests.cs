using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>The FedOpt examples share one setting: x0 = [1, -2] and replies whose sample-weighted mean
/// delta is Delta = (1*[0.2,-0.4] + 3*[0.6,0]) / 4 = [0.5, -0.1], two rounds in a row; m0 = 0,
/// v0 = tau^2. Expected values are float32(the formula in double), computed with /usr/bin/python3.</summary>
public sealed class FedAdamTests
{
    internal static readonly float[] Start = [1f, -2f];

    internal static Aggregation.Stages.StageReply[] Replies() =>
        [FitRounds.Reply("a", [0.2f, -0.4f], samples: 1), FitRounds.Reply("b", [0.6f, 0f], samples: 3)];

    internal static void AssertTwoRounds(FedOpt strategy, float[] m1, float[] v1, float[] x1, float[] m2, float[] v2, float[] x2)
    {
        var first = FitRounds.Run(strategy, FitRounds.Context(1, Start), Replies());
        Assert.Equal(m1, strategy.SaveState().Vectors[FedOpt.FirstMomentState]);
        Assert.Equal(v1, strategy.SaveState().Vectors[FedOpt.SecondMomentState]);
        Assert.Equal(x1, first.Parameters);
        var second = FitRounds.Run(strategy, FitRounds.Context(2, first.Parameters), Replies());
        Assert.Equal(m2, strategy.SaveState().Vectors[FedOpt.FirstMomentState]);
        Assert.Equal(v2, strategy.SaveState().Vectors[FedOpt.SecondMomentState]);
        Assert.Equal(x2, second.Parameters);
    }

    [Fact]
    public void AdamMovesByTheFirstMomentOverTheRootOfTheSecond()
    {
        // eta 0.1, beta_1 0.9, beta_2 0.99, tau 1e-3.
        // m1 = 0.1*Delta = [0.05, -0.01]; v1 = 0.99*1e-6 + 0.01*Delta^2 = [0.00250099, 0.00010099]
        // x1 = x0 + 0.1*m1/(sqrt(v1)+1e-3) = [1.09802020, -2.09050274]
        // m2 = 0.9*m1 + 0.1*Delta = [0.095, -0.019]; v2 = 0.99*v1 + 0.01*Delta^2 = [0.00497598, 0.00019998]
        // x2 = x1 + 0.1*m2/(sqrt(v2)+1e-3) = [1.23081183, -2.21598625]
        AssertTwoRounds(new FedAdam(new FedAdamOptions { Eta = 0.1, Beta1 = 0.9, Beta2 = 0.99, Tau = 1e-3 }, FitRounds.Settings),
            [0.05000000074505806f, -0.009999999776482582f], [0.0025009899400174618f, 0.00010099000064656138f], [1.0980201959609985f, -2.0905027389526367f],
            [0.0949999988079071f, -0.01899999938905239f], [0.004975980147719383f, 0.00019998010247945786f], [1.2308118343353271f, -2.2159862518310547f]);
    }
}
