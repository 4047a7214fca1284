using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedYogiTests
{
    [Fact]
    public void YogiMovesTheSecondMomentTowardsTheSquaredDeltaByABoundedStep()
    {
        // Setting of FedAdamTests; eta 0.01, beta_1 0.9, beta_2 0.99, tau 1e-3.
        // v1 = 1e-6 - 0.01*Delta^2*sign(1e-6 - Delta^2) = 1e-6 + 0.01*Delta^2 = [0.002501, 0.000101]
        // x1 = x0 + 0.01*m1/(sqrt(v1)+1e-3) = [1.00980198, -2.00904989]
        // v2 = v1 + 0.01*Delta^2 (still below Delta^2) = [0.005001, 0.000201]
        // x2 = x1 + 0.01*m2/(sqrt(v2)+1e-3) = [1.02304840, -2.02156854]
        FedAdamTests.AssertTwoRounds(new FedYogi(new FedYogiOptions { Eta = 0.01, Beta1 = 0.9, Beta2 = 0.99, Tau = 1e-3 }, FitRounds.Settings),
            [0.05000000074505806f, -0.009999999776482582f], [0.002500999951735139f, 0.00010100000508828089f], [1.009801983833313f, -2.009049892425537f],
            [0.0949999988079071f, -0.01899999938905239f], [0.005001000128686428f, 0.0002010000025620684f], [1.0230484008789062f, -2.021568536758423f]);
    }

    [Fact]
    public void YogiLowersASecondMomentAboveTheSquaredDelta()
    {
        // tau = 1: v0 = 1 > Delta^2 = 0.25, so v1 = 1 - (1-0.5)*0.25 = 0.875 (Adam would give 0.625).
        var strategy = new FedYogi(new FedYogiOptions { Eta = 0.01, Beta1 = 0, Beta2 = 0.5, Tau = 1 }, FitRounds.Settings);
        FitRounds.Run(strategy, FitRounds.Context(1, [0f]), FitRounds.Reply("a", [0.5f]));
        Assert.Equal([0.875f], strategy.SaveState().Vectors[FedOpt.SecondMomentState]);
    }
}
