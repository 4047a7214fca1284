using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedAvgMTests
{
    [Fact]
    public void ServerMomentumAccumulatesTheMeanDeltaAcrossRounds()
    {
        var strategy = new FedAvgM(new FedAvgMOptions { ServerLearningRate = 0.5, ServerMomentum = 0.9 }, FitRounds.Settings);
        // Delta = (1*[0.2,-0.4] + 3*[0.6,0]) / 4 = [0.5, -0.1]
        var replies = new[] { FitRounds.Reply("a", [0.2f, -0.4f], samples: 1), FitRounds.Reply("b", [0.6f, 0f], samples: 3) };
        // Round 1: v = 0.9*0 + Delta = [0.5, -0.1]; x = [1,-2] + 0.5*v = [1.25, -2.05]
        var first = FitRounds.Run(strategy, FitRounds.Context(1, [1f, -2f]), replies);
        Assert.Equal([1.25f, -2.049999952316284f], first.Parameters);
        Assert.Equal([0.5f, -0.10000000149011612f], strategy.SaveState().Vectors[FedAvgM.MomentumState]);
        // Round 2: v = 0.9*[0.5,-0.1] + Delta = [0.95, -0.19]; x = [1.25,-2.05] + 0.5*v = [1.725, -2.145]
        var second = FitRounds.Run(strategy, FitRounds.Context(2, first.Parameters), replies);
        Assert.Equal([1.725000023841858f, -2.1449999809265137f], second.Parameters);
        Assert.Equal([0.949999988079071f, -0.1899999976158142f], strategy.SaveState().Vectors[FedAvgM.MomentumState]);
    }
}
