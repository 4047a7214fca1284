using System.Text.Json;
using FedHybrid.Aggregation.Privacy;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Tests.Config;

/// <summary>The privacy section: strict binding with full paths, its rules at load, the calibration of σ for a target
/// epsilon, and what the run is given.</summary>
public sealed class PrivacySectionTests
{
    static ExperimentConfig Parse(string privacy, string run = """{ "name": "x", "clients": 10, "rounds": 10 }""", string strategy = """{ "name": "fedavg", "options": { "fraction_fit": 0.5 } }""") =>
        ExperimentConfigLoader.Parse($$"""{ "run": {{run}}, "strategy": {{strategy}}, "privacy": {{privacy}} }""");

    [Fact]
    public void CentralDpBindsInSnakeCaseAndItsConfigJsonLoadsBackEqual()
    {
        var config = Parse("""{ "mechanism": "central-dp", "clip_norm": 0.8, "noise_multiplier": 1.1, "delta": 1e-6, "adaptive_clipping": { "target_quantile": 0.7, "clipped_count_stddev": 2 } }""");
        Assert.Equal(new PrivacySection
        {
            Mechanism = PrivacyMechanism.CentralDp, ClipNorm = 0.8, NoiseMultiplier = 1.1, Delta = 1e-6,
            AdaptiveClipping = new AdaptiveClippingSection { TargetQuantile = 0.7, ClippedCountStddev = 2 },
        }, config.Privacy);
        var json = ExperimentConfigLoader.ToJson(config);
        using var written = JsonDocument.Parse(json);
        var privacy = written.RootElement.GetProperty("privacy");
        Assert.Equal(["mechanism", "clip_norm", "adaptive_clipping", "noise_multiplier", "target_epsilon", "delta", "distribution", "noise", "calibrated_noise_multiplier"],
            privacy.EnumerateObject().Select(p => p.Name));
        Assert.Equal("central-dp", privacy.GetProperty("mechanism").GetString());
        Assert.Equal(config, ExperimentConfigLoader.Parse(json));
        // Without the section: no DP.
        Assert.Equal(PrivacyMechanism.None, ExperimentConfigLoader.Parse("""{ "run": { "name": "x" } }""").Privacy.Mechanism);
    }

    [Theory]
    [InlineData("""{ "mechanism": "local-dp" }""", "privacy.mechanism", "must be one of \"none\", \"central-dp\", \"distributed-dp\", got \"local-dp\"")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "noise": "urandom" }""", "privacy.noise", "must be one of \"seeded\", \"system\", got \"urandom\"")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "delta": 0 }""", "privacy.delta", "must be in (0, 1), got 0")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "delta": 1 }""", "privacy.delta", "must be in (0, 1), got 1")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "delta": 0.2 }""", "privacy.delta", "must be below 1/run.clients = 0.1, got 0.2")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "delta": "small" }""", "privacy.delta", "must be a finite number, got \"small\"")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "target_epsilon": 3 }""", "privacy.noise_multiplier", "and privacy.target_epsilon are both given; give exactly one")]
    [InlineData("""{ "mechanism": "central-dp" }""", "privacy.noise_multiplier", "or privacy.target_epsilon is required with central-dp")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 0 }""", "privacy.noise_multiplier", "must be > 0, got 0")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": "high" }""", "privacy.noise_multiplier", "must be a finite number or null, got \"high\"")]
    [InlineData("""{ "mechanism": "central-dp", "target_epsilon": -1 }""", "privacy.target_epsilon", "must be > 0, got -1")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "clip_norm": 0 }""", "privacy.clip_norm", "must be > 0, got 0")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "calibrated_noise_multiplier": 1 }""", "privacy.calibrated_noise_multiplier", "is written by a run calibrated for privacy.target_epsilon")]
    [InlineData("""{ "mechanism": "none", "noise_multiplier": 1 }""", "privacy.noise_multiplier", "is only used with a privacy.mechanism")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "adaptive_clipping": { "quantile": 0.5 } }""", "privacy.adaptive_clipping.quantile", "is not an option (valid: target_quantile, learning_rate, clipped_count_stddev)")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "adaptive_clipping": { "target_quantile": 1 } }""", "privacy.adaptive_clipping.target_quantile", "must be in (0, 1), got 1")]
    // A cohort of 5: the paper's σ_b = m/20 = 0.25 is not above σ/2 = 0.5.
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "adaptive_clipping": { } }""", "privacy.adaptive_clipping.clipped_count_stddev", "must exceed noise multiplier/2 = 0.5 (the count query would use up the whole noise budget), got the paper's default m/20 = 0.25 for a cohort of m = 5")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1, "adaptive_clipping": { "clipped_count_stddev": 0.5 } }""", "privacy.adaptive_clipping.clipped_count_stddev", "must exceed noise multiplier/2 = 0.5")]
    public void ABadSectionIsRefusedNamingThePathAndTheReason(string privacy, string path, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(privacy));
        Assert.True(e.Errors.Count == 1, e.Message);
        Assert.Equal(path, e.Errors[0].Name);
        Assert.StartsWith(message, e.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("krum", "central-dp cannot be used here: strategy 'krum' uses each update, not only their mean, so 'central-dp' cannot compute its aggregate")]
    [InlineData("median", "central-dp cannot be used here: strategy 'median' uses each update")]
    [InlineData("scaffold", "central-dp cannot be used here: strategy 'scaffold' uses each update")]
    [InlineData("norm-bounding", "central-dp cannot be used here: strategy 'norm-bounding' clips each update itself; 'central-dp' clips too: use fedavg with it instead")]
    public void AStrategyThatCannotTakeTheNoisedMeanIsRefusedInItsOwnWords(string strategy, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("""{ "mechanism": "central-dp", "noise_multiplier": 1 }""", strategy: $$"""{ "name": "{{strategy}}" }"""));
        Assert.Equal("privacy.mechanism", Assert.Single(e.Errors).Name);
        Assert.StartsWith(message, e.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fedavg")]
    [InlineData("fedavgm")]
    [InlineData("fedprox")]
    [InlineData("fedadagrad")]
    [InlineData("fedadam")]
    [InlineData("fedyogi")]
    public void EveryMeanDeltaStrategyTakesIt(string strategy)
    {
        var config = Parse("""{ "mechanism": "central-dp", "noise_multiplier": 1 }""", strategy: $$"""{ "name": "{{strategy}}" }""");
        Assert.IsType<CentralDpAggregation>(PrivacySetup.CreateAggregation(config));
    }

    [Theory]
    [InlineData(3.0, 10, 10, 0.5)]
    [InlineData(1.0, 20, 10, 0.3)]
    [InlineData(8.0, 5, 4, 1.0)]
    public void ATargetEpsilonIsMetByTheCalibratedSigmaWithinOnePercent(double target, int rounds, int clients, double fraction)
    {
        var config = PrivacySetup.Calibrate(Parse($$"""{ "mechanism": "central-dp", "target_epsilon": {{target}} }""",
            run: $$"""{ "name": "x", "clients": {{clients}}, "rounds": {{rounds}} }""", strategy: $$"""{ "name": "fedavg", "options": { "fraction_fit": {{fraction}} } }"""));
        double q = PrivacySetup.SamplingRate(config);
        Assert.Equal(Math.Ceiling(fraction * clients) / clients, q);
        double sigma = config.Privacy.CalibratedNoiseMultiplier!.Value;
        double Epsilon(double s) => new RdpAccountant().ComposePoissonGaussian(q, s, rounds).Epsilon(1e-5).Epsilon;
        Assert.True(Epsilon(sigma) <= target, $"sigma {sigma} spends {Epsilon(sigma)} > {target}");
        Assert.True(Epsilon(sigma) >= 0.99 * target, $"sigma {sigma} spends only {Epsilon(sigma)} of {target}");
        Assert.True(Epsilon(sigma * 0.99) > target, $"sigma {sigma} is not within 1 % of the smallest that meets {target}");
        Assert.Equal(sigma, PrivacySetup.CentralDpOptions(config).NoiseMultiplier);
    }

    [Fact]
    public void TheRunsConfigJsonCarriesTheCalibratedSigmaAndOnlyTheOneTheTargetGives()
    {
        var config = PrivacySetup.Calibrate(Parse("""{ "mechanism": "central-dp", "target_epsilon": 4 }"""));
        var json = ExperimentConfigLoader.ToJson(config);
        var written = ExperimentConfigLoader.Parse(json);
        Assert.Equal(config.Privacy.CalibratedNoiseMultiplier, written.Privacy.CalibratedNoiseMultiplier);
        // A resumed run reads its config.json: calibrating again gives the same config, so resume accepts it.
        Assert.Equal(json, ExperimentConfigLoader.ToJson(PrivacySetup.Calibrate(written)));
        var tampered = written with { Privacy = written.Privacy with { CalibratedNoiseMultiplier = 0.5 } };
        var e = Assert.Throws<ConfigException>(() => PrivacySetup.Calibrate(tampered));
        Assert.Equal("privacy.calibrated_noise_multiplier", e.Field);
        Assert.Contains("calibrates to", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACalibratedSigmaTooLargeForAdaptiveClippingsCountNoiseIsRefused()
    {
        // ε = 1 over 10 rounds at q = 0.5 needs σ > 1, which the default m/20 = 0.25 cannot cover.
        var adaptive = Parse("""{ "mechanism": "central-dp", "target_epsilon": 1, "adaptive_clipping": { } }""");
        Assert.Equal("privacy.adaptive_clipping.clipped_count_stddev", Assert.Throws<ConfigException>(() => PrivacySetup.Calibrate(adaptive)).Field);
    }

    static ExperimentConfig ParseDistributed(string privacy, string secureAggregation = """{ "enabled": true, "dropout_fraction": 0.2 }""", string strategy = "fedavg") =>
        ExperimentConfigLoader.Parse($$"""{ "run": { "name": "x", "clients": 5, "rounds": 3 }, "strategy": { "name": "{{strategy}}", "options": { "fraction_fit": 1.0 } }, "privacy": {{privacy}}, "secure_aggregation": {{secureAggregation}} }""");

    [Fact]
    public void ADistributedDpTargetEpsilonIsCalibratedForTheModelsSize()
    {
        var config = PrivacySetup.Calibrate(ExperimentConfigLoader.Parse("""
            { "run": { "name": "x", "clients": 5, "rounds": 3 }, "model": { "name": "mlp2nn" },
              "strategy": { "name": "fedavg", "options": { "fraction_fit": 1.0 } },
              "privacy": { "mechanism": "distributed-dp", "target_epsilon": 4 }, "secure_aggregation": { "enabled": true, "dropout_fraction": 0.2 } }
            """));
        double z = config.Privacy.CalibratedNoiseMultiplier!.Value;
        var settings = PrivacySetup.DistributedDp(config)!;
        Assert.Equal(z, settings.NoiseMultiplier);
        Assert.Equal(DistributedDpCalibration.NoiseMultiplierFor(4, settings, 32, FedHybrid.Learning.Models.ModelFactory.ParameterCount("mlp2nn"), 3, 1.0), z);
        Assert.Contains($"noise multiplier {z.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} (calibrated by RDP for epsilon 4 over 3 rounds)",
            PrivacySetup.Describe(config), StringComparison.Ordinal);
        // A resumed run reads its config.json: calibrating again gives the same config.
        var json = ExperimentConfigLoader.ToJson(config);
        Assert.Equal(json, ExperimentConfigLoader.ToJson(PrivacySetup.Calibrate(ExperimentConfigLoader.Parse(json))));
    }

    [Fact]
    public void ADistributedDpMultiplierTheRingCannotCarryIsRefusedBeforeTheRun()
    {
        // Measured (docs/BENCHMARKS.md, the cost tables): z = 0.1 for 10 mlp2nn clients makes 1/γ about 5.3e9, so a clipped
        // update exceeds Z_(2^32) and every client refused round 1. Now the config is refused at once, saying so.
        var config = ExperimentConfigLoader.Parse("""
            { "run": { "name": "x", "clients": 100, "rounds": 3 }, "model": { "name": "mlp2nn" },
              "strategy": { "name": "fedavg", "options": { "fraction_fit": 0.1 } },
              "privacy": { "mechanism": "distributed-dp", "noise_multiplier": 0.1, "delta": 1e-5 }, "secure_aggregation": { "enabled": true, "dropout_fraction": 0.2 } }
            """);
        var e = Assert.Throws<ConfigException>(() => PrivacySetup.Calibrate(config));
        Assert.Equal("privacy.noise_multiplier", e.Field);
        Assert.Contains("a clipped update would not fit Z_(2^32)", e.Message, StringComparison.Ordinal);
        // z = 0.3 fits (the cost tables ran it).
        PrivacySetup.Calibrate(config with { Privacy = config.Privacy with { NoiseMultiplier = 0.3 } });
    }

    [Fact]
    public void DistributedDpGivesTheSecureAggregationItsSettings()
    {
        var config = ParseDistributed("""{ "mechanism": "distributed-dp", "distribution": "skellam", "clip_norm": 0.5, "noise_multiplier": 1.2, "delta": 1e-6, "noise": "system" }""");
        var settings = PrivacySetup.DistributedDp(config)!;
        Assert.Equal(new DistributedDpSettings(0.5, 1.2, DistributedNoise.Skellam, 1e-6, ExpectedCohort: 5, SystemNoise: true), settings);
        Assert.Null(PrivacySetup.CreateAggregation(config));
        Assert.Contains("privacy: distributed-dp (skellam) under secure aggregation in Z_(2^32), clip norm 0.5, noise multiplier 1.2 on the sum of 5", PrivacySetup.Describe(config), StringComparison.Ordinal);
        var strategy = (FedHybrid.Aggregation.Strategies.FitStrategy)ExperimentStrategy.Create(config, "run");
        Assert.True(strategy.SecureAggregation);
        Assert.Equal(DistributedNoise.DiscreteGaussian, PrivacySetup.DistributedDp(ParseDistributed("""{ "mechanism": "distributed-dp", "noise_multiplier": 1 }"""))!.Noise);
        var json = ExperimentConfigLoader.ToJson(config);
        Assert.Equal(config, ExperimentConfigLoader.Parse(json));
    }

    [Theory]
    [InlineData("""{ "mechanism": "distributed-dp", "noise_multiplier": 1 }""", """{ "enabled": false }""", "fedavg", "privacy.mechanism", "distributed-dp adds each client's noise before its update is masked, so it needs secure_aggregation.enabled true")]
    [InlineData("""{ "mechanism": "distributed-dp" }""", null, "fedavg", "privacy.noise_multiplier", "or privacy.target_epsilon is required with distributed-dp")]
    [InlineData("""{ "mechanism": "distributed-dp", "target_epsilon": 3, "noise_multiplier": 1 }""", null, "fedavg", "privacy.noise_multiplier", "and privacy.target_epsilon are both given; give exactly one")]
    [InlineData("""{ "mechanism": "distributed-dp", "noise_multiplier": 1, "calibrated_noise_multiplier": 1 }""", null, "fedavg", "privacy.calibrated_noise_multiplier", "is written by a run calibrated for privacy.target_epsilon")]
    [InlineData("""{ "mechanism": "distributed-dp", "noise_multiplier": 1, "adaptive_clipping": { } }""", null, "fedavg", "privacy.adaptive_clipping", "is central-dp's; distributed-dp clips each update to a fixed privacy.clip_norm")]
    [InlineData("""{ "mechanism": "distributed-dp", "noise_multiplier": 1 }""", """{ "enabled": true, "dropout_fraction": 0.2, "levels": 1000 }""", "fedavg", "secure_aggregation.levels", "is not used with distributed-dp")]
    [InlineData("""{ "mechanism": "distributed-dp", "noise_multiplier": 1 }""", null, "norm-bounding", "strategy.name", "'norm-bounding' clips each update to its own bound, which distributed-dp's privacy.clip_norm replaces")]
    [InlineData("""{ "mechanism": "distributed-dp", "distribution": "laplace", "noise_multiplier": 1 }""", null, "fedavg", "privacy.distribution", "must be one of \"discrete-gaussian\", \"skellam\" or null, got \"laplace\"")]
    [InlineData("""{ "mechanism": "central-dp", "distribution": "skellam", "noise_multiplier": 1 }""", """{ "enabled": false }""", "fedavg", "privacy.distribution", "is distributed-dp's noise")]
    [InlineData("""{ "mechanism": "central-dp", "noise_multiplier": 1 }""", null, "fedavg", "privacy.mechanism", "central-dp clips and noises each update at the coordinator, which under secure_aggregation sees only their masked sum; use privacy.mechanism \"distributed-dp\"")]
    public void ADistributedDpCombinationThatCannotWorkIsRefusedWithItsReason(string privacy, string? secureAggregation, string strategy, string path, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ParseDistributed(privacy, secureAggregation ?? """{ "enabled": true, "dropout_fraction": 0.2 }""", strategy));
        var error = Assert.Single(e.Errors, x => x.Name == path);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRunGetsTheAggregationTheSectionDescribes()
    {
        Assert.Null(PrivacySetup.CreateAggregation(ExperimentConfigLoader.Parse("""{ "run": { "name": "x" } }""")));
        var config = Parse("""{ "mechanism": "central-dp", "clip_norm": 0.7, "noise_multiplier": 1.3, "delta": 1e-6 }""", run: """{ "name": "x", "seed": 99, "clients": 10 }""");
        var dp = Assert.IsType<CentralDpAggregation>(PrivacySetup.CreateAggregation(config));
        Assert.Equal(new CentralDpOptions(0.7, 1.3, 1e-6, 99), dp.Options);
        var system = Parse("""{ "mechanism": "central-dp", "noise_multiplier": 1, "noise": "system" }""");
        Assert.Equal(CentralDpNoise.System, PrivacySetup.CentralDpOptions(system).Noise);
        Assert.Contains("noise from the system CSPRNG", PrivacySetup.Describe(system), StringComparison.Ordinal);
        Assert.Contains("central-dp, clip norm 0.7, noise multiplier 1.3, q = 5/10 = 0.5, delta 1E-06", PrivacySetup.Describe(config), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedCentralDpConfigIsValid()
    {
        var config = ExperimentConfigLoader.Load(FedHybrid.Testing.ShippedConfigs.PathOf("privacy", "central-dp.json"));
        Assert.Equal((PrivacyMechanism.CentralDp, "mlp2nn", "fedavg"), (config.Privacy.Mechanism, config.Model.Name, config.Strategy.Name));
        Assert.NotNull(PrivacySetup.CreateAggregation(config));
    }
}
