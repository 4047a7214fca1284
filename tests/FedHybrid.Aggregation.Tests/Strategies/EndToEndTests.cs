using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>Every strategy, run end to end against clients that train as instructed (<see cref="ToyFederation"/>).</summary>
public sealed class EndToEndTests
{
    static Strategy Make(string name, FitSettings settings)
    {
        var descriptor = StrategyRegistry.Find(name);
        return descriptor.Create(descriptor.DefaultOptions(), settings);
    }

    /// <summary>Where x settles for two clients with targets 0 and 1 (one coordinate), from x = 0.</summary>
    static float Settle(Strategy strategy, double[] curvature, int[] steps, int rounds) =>
        new ToyFederation(curvature, [[0f], [1f]], steps).Run(strategy, [0f], rounds)[0];

    static FitSettings Lr(double learningRate) => new(Epochs: 1, BatchSize: 1, LearningRate: learningRate, Seed: 1);

    public static TheoryData<string> Names => [.. StrategyRegistry.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryStrategyWithItsDefaultsLowersTheGlobalObjective(string name)
    {
        // Two coordinates, four clients of different curvature, targets and amounts of local work.
        var federation = new ToyFederation([1, 2, 0.5, 4], [[0f, 1f], [1f, 0f], [2f, -1f], [0.5f, 0.5f]], [5, 10, 3, 8]);
        var settings = new FitSettings(Epochs: 1, BatchSize: 1, LearningRate: 0.05, Momentum: 0.5, Seed: 1);
        float[] start = [-2f, 3f];
        var end = federation.Run(Make(name, settings), start, rounds: 60);
        double before = federation.Objective(start), after = federation.Objective(end);
        Assert.True(after < before / 2, $"{name}: objective {before} -> {after}");
    }

    [Fact]
    public void ScaffoldReachesTheGlobalOptimumWhereFedAvgsLocalStepsDrift()
    {
        // f_1 = 1/2 x^2, f_2 = 4/2 (x - 1)^2: the optimum of their mean is x* = (1*0 + 4*1)/5 = 0.8.
        // Ten local steps at eta_l = 0.1 contract by r_1 = 0.9^10 and r_2 = 0.6^10, so FedAvg settles at
        // (1 - r_2) / ((1 - r_1) + (1 - r_2)) = 0.604 instead.
        Assert.Equal(0.604, Settle(new FedAvg(new FedAvgOptions(), Lr(0.1)), [1, 4], [10, 10], 300), 0.002);
        Assert.Equal(0.8, Settle(new Scaffold(new ScaffoldOptions(), Lr(0.1)), [1, 4], [10, 10], 300), 0.001);
    }

    [Fact]
    public void FedNovaRemovesTheBiasTowardsTheClientThatWorkedMore()
    {
        // Equal objectives around 0 and 1 (x* = 0.5); client 2 takes 20 local steps, client 1 two.
        // FedAvg settles near the busy client: (1 - 0.99^20) / ((1 - 0.99^2) + (1 - 0.99^20)) = 0.90;
        // FedNova normalizes each update by its steps: 0.478, the true optimum up to the local lr's bias.
        Assert.Equal(0.9015, Settle(new FedAvg(new FedAvgOptions(), Lr(0.01)), [1, 1], [2, 20], 400), 0.002);
        Assert.Equal(0.4778, Settle(new FedNova(new FedNovaOptions(), Lr(0.01)), [1, 1], [2, 20], 400), 0.002);
    }

    [Fact]
    public void FedProxsTermShrinksTheDriftOfFedAvg()
    {
        // The setting of ScaffoldReachesTheGlobalOptimum...: mu pulls each local model back towards x, so the
        // fixed point moves from FedAvg's 0.604 towards the optimum 0.8: 0.642 at mu = 1, 0.750 at mu = 8
        // (the same recursion iterated in /usr/bin/python3).
        Assert.Equal(0.642, Settle(new FedProx(new FedProxOptions { ProximalMu = 1 }, Lr(0.1)), [1, 4], [10, 10], 300), 0.002);
        Assert.Equal(0.750, Settle(new FedProx(new FedProxOptions { ProximalMu = 8 }, Lr(0.1)), [1, 4], [10, 10], 300), 0.002);
    }
}
