using FedHybrid.Aggregation;
using FedHybrid.Attacks.Poisoning;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments.Config;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Partitioning;
using FedHybrid.Learning.Training;
using FedHybrid.Testing;

namespace FedHybrid.Attacks.Tests.Poisoning;

/// <summary>experiments/configs/attacks/poisoning.json, the grid docs/security-analysis.md reports: it binds, and its
/// norm bound sits where norm bounding means something, near the honest deltas' L2 norm.</summary>
public sealed class ShippedPoisoningConfigTests
{
    static ExperimentConfig Shipped() => ExperimentConfigLoader.Load(ShippedConfigs.PathOf("attacks", "poisoning.json"));

    [Fact]
    public void The_shipped_grid_binds_and_fits_its_config()
    {
        var config = Shipped();
        var options = AttackOptions.Bind<PoisoningOptions>(config.Attack.Options);
        var experiment = new PoisoningExperiment(config, options);
        Assert.Equal(options.Defences.Length * (1 + options.Behaviors.Length * options.Attackers.Length), experiment.RunCount);
        Assert.Equal(PoisoningDefence.Names, options.Defences);
    }

    [Fact]
    public void The_shipped_norm_bound_is_near_the_honest_first_round_delta_norm()
    {
        var config = Shipped();
        var options = AttackOptions.Bind<PoisoningOptions>(config.Attack.Options);
        var train = BundledData.Train;
        var partition = Partitioner.Parse(config.Data.Partition).Split(train.Labels, FashionMnist.ClassCount, config.Run.Clients, unchecked((ulong)config.Run.Seed));
        using var learner = new LocalLearner(config.Model.Name, 1, unchecked((int)config.Run.Seed));
        var initial = learner.InitialWeights();
        var t = config.Training;
        var norms = Enumerable.Range(0, 3).Select(i =>
        {
            var fit = learner.Fit(initial, train.Subset(partition.ClientIndices[i]),
                new TrainingOptions(t.LocalEpochs, t.BatchSize, t.LearningRate, t.Momentum, t.WeightDecay, 0, i, null), TestContext.Current.CancellationToken);
            return VectorMath.Norm(VectorMath.Subtract(fit.Weights, initial));
        }).ToArray();
        Assert.All(norms, norm => Assert.InRange(options.NormBound, norm / 2, norm * 2));
        Assert.True(norms.Min() > options.NormBound, $"honest norms {string.Join(", ", norms)}: the bound {options.NormBound} should clip the first round's deltas a little");
    }
}
