using FedHybrid.Attacks.GradientInversion;
using FedHybrid.Attacks.MembershipInference;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Tests.Registry;

/// <summary>attack.options binds strictly into the named attack's options: defaults when absent, every problem by its full path.</summary>
public sealed class AttackOptionsTests
{
    static ExperimentConfig Config(string options) => ExperimentConfigLoader.Parse(
        $$"""{ "run": { "name": "bind" }, "model": { "name": "mlp2nn" }, "attack": { "options": {{options}} } }""");

    static ConfigException Refused(string attack, string options) =>
        Assert.Throws<ConfigException>(() => AttackRegistry.Find(attack).BindOptions(Config(options)));

    [Fact]
    public void AbsentOptionsAreTheDefaults()
    {
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "bind" } }""");
        var options = Assert.IsType<GradientInversionOptions>(AttackRegistry.Find("gradient-inversion").BindOptions(config));
        Assert.Equal(new GradientInversionOptions().BatchSizes, options.BatchSizes);
        Assert.Equal(InversionMethod.Dlg, options.Method);
    }

    [Fact]
    public void GivenOptionsOverlayTheDefaults()
    {
        var options = Assert.IsType<GradientInversionOptions>(AttackRegistry.Find("gradient-inversion")
            .BindOptions(Config("""{ "batch_sizes": [1, 4], "method": "inverting-gradients", "iterations": 7 }""")));
        Assert.Equal([1, 4], options.BatchSizes);
        Assert.Equal(InversionMethod.InvertingGradients, options.Method);
        Assert.Equal(7, options.Iterations);
        Assert.Equal(new GradientInversionOptions().LocalSteps, options.LocalSteps);
    }

    [Fact]
    public void AnUnknownOptionIsRefusedByItsFullPath_WithTheValidNames()
    {
        var e = Refused("membership-inference", """{ "shadows": 4, "shadow_count": 8 }""");
        Assert.Contains("attack.options.shadow_count", e.Message);
        Assert.Contains("is not an option (valid: shadows, target_members, seed)", e.Message);
    }

    [Fact]
    public void OutOfRangeValuesAreRefusedByTheirPaths_AllAtOnce()
    {
        var e = Refused("gradient-inversion", """{ "batch_sizes": [1, 0, 65], "iterations": 0 }""");
        Assert.Contains("attack.options.iterations", e.Message);
        var lists = Refused("gradient-inversion", """{ "batch_sizes": [1, 0, 65] }""");
        Assert.Contains("attack.options.batch_sizes[1]", lists.Message);
        Assert.Contains("attack.options.batch_sizes[2]", lists.Message);
        Assert.DoesNotContain("batch_sizes[0]", lists.Message);
        Assert.Contains("attack.options.shadows", Refused("membership-inference", """{ "shadows": 2 }""").Message);
    }

    [Fact]
    public void AMistypedValueOrANonObjectIsRefused()
    {
        Assert.Contains("attack.options.method", Refused("gradient-inversion", """{ "method": "guess" }""").Message);
        Assert.Contains("attack.options must be an object", Refused("eavesdrop", "[1]").Message);
    }

    [Fact]
    public void MembershipInferenceRefusesDistributedDpByName()
    {
        var config = ExperimentConfigLoader.Parse("""
            { "run": { "name": "ddp", "clients": 5 }, "secure_aggregation": { "enabled": true, "dropout_fraction": 0, "corrupt_fraction": 0 },
              "privacy": { "mechanism": "distributed-dp", "noise_multiplier": 1.0 } }
            """);
        var e = Assert.Throws<ConfigException>(() => AttackRegistry.Find("membership-inference").BindOptions(config));
        Assert.Contains("privacy.mechanism", e.Message);
        Assert.IsType<MembershipInferenceOptions>(AttackRegistry.Find("membership-inference").BindOptions(config with { Privacy = new PrivacySection() }));
    }

    [Fact]
    public void MembershipInferenceRefusesAStrategyItsTrainingDoesNotModel()
    {
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "median", "clients": 5 }, "strategy": { "name": "median" } }""");
        var e = Assert.Throws<ConfigException>(() => AttackRegistry.Find("membership-inference").BindOptions(config));
        Assert.Contains("strategy.name", e.Message);
        Assert.Contains("'median' is not modelled", e.Message);
    }
}
