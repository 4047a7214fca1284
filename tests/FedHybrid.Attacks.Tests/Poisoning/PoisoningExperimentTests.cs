using FedHybrid.Attacks.Poisoning;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Tests.Poisoning;

/// <summary>Each poisoning behaviour does to a plain FedAvg model what it is meant to, measured against the clean run of
/// the same seed; and a robust aggregator takes the untargeted ones' edge off.</summary>
public sealed class PoisoningExperimentTests(PoisoningGrid grid) : IClassFixture<PoisoningGrid>
{
    PoisoningResult Clean => grid.Cell("fedavg", "none");

    [Fact]
    public void The_grid_runs_a_clean_run_and_every_behaviour_per_defence_and_every_run_completes()
    {
        Assert.Equal(2 * (1 + 5), grid.Results.Count);
        Assert.All(grid.Results, r => Assert.InRange(r.CleanAccuracy, 0.0, 1.0));
        Assert.True(Clean.CleanAccuracy > 0.6, $"the clean FedAvg model reaches {Clean.CleanAccuracy:P1}");
        Assert.Equal(0, Clean.AccuracyDrop);
        Assert.Null(Clean.TargetedSuccess);
        Assert.Equal("backdoor-norm:2", grid.Cell("fedavg", "backdoor-norm").Behavior);
        Assert.Equal("backdoor:2.5", grid.Cell("fedavg", "backdoor:").Behavior); // 5 clients / 2 attackers
    }

    [Fact]
    public void Scaled_updates_wreck_the_average()
    {
        var scaled = grid.Cell("fedavg", "scale:10");
        Assert.True(scaled.AccuracyDrop > 0.2, $"scale:10 drops FedAvg by {scaled.AccuracyDrop:P1}");
        Assert.Null(scaled.TargetedSuccess);
    }

    [Fact]
    public void Sign_flipping_slows_the_average()
    {
        var flipped = grid.Cell("fedavg", "sign-flip");
        Assert.True(flipped.AccuracyDrop > 0.02, $"sign-flip drops FedAvg by {flipped.AccuracyDrop:P1}");
    }

    [Fact]
    public void Label_flipping_teaches_the_model_the_flipped_labels()
    {
        var flipped = grid.Cell("fedavg", "label-flip");
        double cleanRate = Clean.FlippedLabelRate;
        // Two label flippers of five move the model towards the flipped labels, but the honest majority keeps them rare:
        // what label flipping buys against FedAvg is mostly a loss of accuracy.
        Assert.True(flipped.TargetedSuccess > 1.5 * cleanRate, $"flipped-label rate {flipped.TargetedSuccess:P1} against {cleanRate:P1} without attackers");
        Assert.True(flipped.AccuracyDrop > 0.01, $"label-flip drops FedAvg by {flipped.AccuracyDrop:P1}");
    }

    [Theory]
    [InlineData("backdoor")]
    [InlineData("backdoor-norm")]
    public void The_backdoors_make_the_trigger_answer_the_target(string behavior)
    {
        var poisoned = grid.Cell("fedavg", behavior + ":");
        Assert.True(poisoned.TargetedSuccess > Clean.BackdoorRate + 0.3,
            $"{behavior}: the trigger gives the target {poisoned.TargetedSuccess:P1} of the time, {Clean.BackdoorRate:P1} without attackers");
        Assert.Equal(poisoned.BackdoorRate, poisoned.TargetedSuccess);
        Assert.True(poisoned.CleanAccuracy > 0.5, $"{behavior} keeps the main task: {poisoned.CleanAccuracy:P1}");
    }

    [Fact]
    public void The_median_resists_scaled_updates_and_the_backdoor_that_beat_fedavg()
    {
        var fedavg = grid.Cell("fedavg", "scale:10");
        var median = grid.Cell("median", "scale:10");
        Assert.True(median.AccuracyDrop < fedavg.AccuracyDrop / 2, $"median drops {median.AccuracyDrop:P1}, FedAvg {fedavg.AccuracyDrop:P1}");
        var backdoored = grid.Cell("fedavg", "backdoor:");
        var resisted = grid.Cell("median", "backdoor:");
        Assert.True(resisted.TargetedSuccess < backdoored.TargetedSuccess / 2, $"backdoor success: median {resisted.TargetedSuccess:P1}, FedAvg {backdoored.TargetedSuccess:P1}");
    }

    [Fact]
    public void A_grid_that_does_not_fit_the_config_is_refused_before_any_run()
    {
        var tooMany = Assert.Throws<ConfigException>(() => new PoisoningExperiment(PoisoningGrid.Config, PoisoningGrid.Options with { Attackers = [5] }));
        Assert.Contains("attack.options.attackers", tooMany.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ConfigException>(() => new PoisoningExperiment(PoisoningGrid.Config, PoisoningGrid.Options with { Defences = ["fedavg", "bulyan"] }));
        Assert.Contains("unknown defence 'bulyan'", unknown.Message, StringComparison.Ordinal);
        var secagg = PoisoningGrid.Config with { SecureAggregation = PoisoningGrid.Config.SecureAggregation with { Enabled = true } };
        var replaced = Assert.Throws<ConfigException>(() => new PoisoningExperiment(secagg, PoisoningGrid.Options with { Defences = ["median"] }));
        Assert.Contains("secure aggregation constrains", replaced.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 5, new PoisoningExperiment(secagg, PoisoningGrid.Options with { Defences = ["config"] }).RunCount);
        var twice = Assert.Throws<ConfigException>(() => new PoisoningExperiment(PoisoningGrid.Config, PoisoningGrid.Options with { Defences = ["median", "median"] }));
        Assert.Contains("attack.options.defences", twice.Message, StringComparison.Ordinal);
        Assert.Contains("lists median twice", twice.Message, StringComparison.Ordinal);
        var behavior = Assert.Throws<ConfigException>(() => new PoisoningExperiment(PoisoningGrid.Config, PoisoningGrid.Options with { Behaviors = ["scale"] }));
        Assert.Contains("attack.options.behaviors", behavior.Message, StringComparison.Ordinal);
    }
}
