using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedNovaTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.5)]
    [InlineData(8, 0.5)]
    [InlineData(37, 0.9)]
    public void TheNormalizerIsTheSumOfTheMomentumWeightsOfTheLocalGradients(int steps, double rho)
    {
        // With heavy-ball SGD, y - x = -eta * sum_t sum_{s<=t} rho^(t-s) g_s, so ||a||_1 = sum_t sum_{k<=t} rho^k.
        double sum = 0;
        for (int t = 0; t < steps; t++)
            for (int k = 0; k <= t; k++)
                sum += Math.Pow(rho, k);
        Assert.Equal(sum, FedNova.Normalizer(steps, rho), 9);
    }

    [Fact]
    public void NormalizerByHand()
    {
        Assert.Equal(8, FedNova.Normalizer(8, 0));
        Assert.Equal(2.5, FedNova.Normalizer(2, 0.5));           // (2 - 0.5*(1-0.25)/0.5)/0.5
        Assert.Equal(14.0078125, FedNova.Normalizer(8, 0.5));    // (8 - (1 - 1/256))/0.5
    }

    [Fact]
    public void ClientsThatTookMoreStepsDoNotPullFurther()
    {
        // tau_a = 2, tau_b = 8, equal samples (p = 0.5 each), rho = 0:
        // tau_eff = 0.5*2 + 0.5*8 = 5; x = 1 + 5*(0.5*0.2/2 + 0.5*1.6/8) = 1.75 (FedAvg: 1 + 0.9).
        var plain = new FedNova(new FedNovaOptions(), FitRounds.Settings with { Momentum = 0 });
        var replies = new[] { FitRounds.Reply("a", [0.2f], samples: 50, steps: 2), FitRounds.Reply("b", [1.6f], samples: 50, steps: 8) };
        Assert.Equal([1.75f], FitRounds.Run(plain, FitRounds.Context(1, [1f]), replies).Parameters);

        // rho = 0.5: ||a_a|| = 2.5, ||a_b|| = 14.0078125, tau_eff = 8.25390625;
        // x = 1 + 8.25390625*(0.5*0.2/2.5 + 0.5*1.6/14.0078125) = 1.80154500
        var momentum = new FedNova(new FedNovaOptions(), FitRounds.Settings with { Momentum = 0.5 });
        Assert.Equal([1.8015450239181519f], FitRounds.Run(momentum, FitRounds.Context(1, [1f]), replies).Parameters);
    }

    [Fact]
    public void EqualStepCountsGiveFedAvg()
    {
        var replies = new[] { FitRounds.Reply("a", [0.2f, 1f], samples: 10, steps: 5), FitRounds.Reply("b", [1.6f, -1f], samples: 30, steps: 5) };
        var fedNova = FitRounds.Run(new FedNova(new FedNovaOptions(), FitRounds.Settings with { Momentum = 0.9 }), FitRounds.Context(1, [1f, 1f]), replies);
        var fedAvg = FitRounds.Run(new FedAvg(new FedAvgOptions(), FitRounds.Settings), FitRounds.Context(1, [1f, 1f]), replies);
        // (10*0.2 + 30*1.6)/40 = 1.25, (10 - 30)/40 = -0.5
        Assert.Equal([2.25f, 0.5f], fedNova.Parameters);
        Assert.Equal(fedAvg.Parameters, fedNova.Parameters);
    }
}
