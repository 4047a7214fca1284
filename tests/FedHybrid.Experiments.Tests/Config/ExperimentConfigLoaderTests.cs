using System.Text.Json;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Tests.Config;

public sealed class ExperimentConfigLoaderTests
{
    [Fact]
    public void CommentsAndTrailingCommasAreAllowedAndDefaultsFillTheRest()
    {
        var config = ExperimentConfigLoader.Parse("""
            // a comment
            { "run": { "name": "x", /* inline */ "clients": 4, "rounds": 2, },
              "training": { "learning_rate": 0.1, }, }
            """);
        Assert.Equal((4, 2, 0.1), (config.Run.Clients, config.Run.Rounds, config.Training.LearningRate));
        Assert.Equal("hpke-x25519-aes256gcm", config.Crypto.Suite);
        Assert.Equal(new FedAvgOptions(), config.Strategy.Options);
        Assert.Equal(["client-01", "client-02", "client-03", "client-04"], config.Run.ClientIds());
    }

    [Fact]
    public void ReproducibleBindsFromTheRunSectionIsOffByDefaultAndIsWrittenOut()
    {
        Assert.False(ExperimentConfigLoader.Parse("""{ "run": { "name": "x" } }""").Run.Reproducible);
        var pinned = ExperimentConfigLoader.Parse("""{ "run": { "name": "x", "reproducible": true } }""");
        Assert.True(pinned.Run.Reproducible);
        Assert.Contains("\"reproducible\": true", ExperimentConfigLoader.ToJson(pinned), StringComparison.Ordinal);
        Assert.Contains("\"reproducible\": false", ExperimentConfigLoader.ToJson(ExperimentConfigLoader.Parse("""{ "run": { "name": "x" } }""")), StringComparison.Ordinal);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse("""{ "run": { "name": "x", "reproducible": "yes" } }"""));
        Assert.Equal("run.reproducible", Assert.Single(e.Errors).Name);
    }

    [Fact]
    public void StrategyOptionsBindIntoTheRecordTheRegistryNames()
    {
        var config = ExperimentConfigLoader.Parse("""
            { "run": { "name": "x" }, "strategy": { "name": "fedadam", "options": { "eta": 0.05, "beta_1": 0.8, "min_updates": 2 } } }
            """);
        Assert.Equal(new FedAdamOptions { Eta = 0.05, Beta1 = 0.8, MinUpdates = 2 }, config.Strategy.Options);
        // Options left out are the named strategy's defaults, not FedAvg's.
        var yogi = ExperimentConfigLoader.Parse("""{ "run": { "name": "x" }, "strategy": { "name": "fedyogi" } }""");
        Assert.Equal(new FedYogiOptions(), yogi.Strategy.Options);
    }

    [Fact]
    public void TheWrittenConfigNamesEveryDefaultAndLoadsBackEqual()
    {
        foreach (var strategy in StrategyRegistry.Names)
        {
            var config = ExperimentConfigLoader.Parse($$"""
                { "run": { "name": "x" }, "strategy": { "name": "{{strategy}}" }, "attack": { "behaviors": { "client-02": "corrupt-byte" } } }
                """);
            var json = ExperimentConfigLoader.ToJson(config);
            using var written = JsonDocument.Parse(json);
            Assert.Equal(["run", "data", "model", "training", "strategy", "crypto", "schedule", "secure_aggregation", "privacy", "attack"], written.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["name", "seed", "clients", "rounds", "round_deadline_seconds", "join_timeout_seconds", "reproducible"],
                written.RootElement.GetProperty("run").EnumerateObject().Select(p => p.Name));
            Assert.Equal(600, written.RootElement.GetProperty("run").GetProperty("round_deadline_seconds").GetDouble());
            // Every option of the strategy, defaults included.
            var options = written.RootElement.GetProperty("strategy").GetProperty("options").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(StrategyOptions.Describe(StrategyRegistry.Find(strategy).DefaultOptions()).Select(o => o.Name), options);
            var back = ExperimentConfigLoader.Parse(json);
            Assert.Equal(config, back);
            Assert.Equal(json, ExperimentConfigLoader.ToJson(back));
        }
    }

    [Theory]
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rat": 0.1 } }""", "training.learning_rat", "is not an option (valid: local_epochs, batch_size, learning_rate, momentum, weight_decay)")]
    [InlineData("""{ "run": { "name": "x" }, "learning_rate": 0.1 }""", "learning_rate", "is not an option (valid: run, data, model, training, strategy, crypto, schedule, secure_aggregation, privacy, attack)")]
    [InlineData("""{ "run": { "name": "x" }, "model": { "name": "resnet" } }""", "model.name", "must be one of mlp2nn, cnn, lenet, got \"resnet\"")]
    [InlineData("""{ "run": { "name": "x" }, "crypto": { "suite": "rot13" } }""", "crypto.suite", "is invalid")]
    [InlineData("""{ "run": { "name": "x" }, "crypto": { "rekey": "sometimes" } }""", "crypto.rekey", "must be message, round or run, got \"sometimes\"")]
    [InlineData("""{ "run": { "name": "x" }, "crypto": { "signature": "dsa" } }""", "crypto.signature", "is invalid: Unknown signature algorithm 'dsa'. Valid: ed25519, ecdsa-p256-sha256, rsa-pss-sha256, ml-dsa-65.")]
    [InlineData("""{ "run": { "name": "x" }, "data": { "partition": "dirichlet:x" } }""", "data.partition", "is invalid")]
    [InlineData("""{ "run": { "name": "x" }, "data": { "source": "" } }""", "data.source", "must be \"auto\", \"bundled\" or a directory")]
    [InlineData("""{ "run": { "name": "x", "clients": 0 } }""", "run.clients", "must be in [1, 100000], got 0")]
    [InlineData("""{ "run": { "name": "x", "clients": "five" } }""", "run.clients", "must be an integer in [-2147483648, 2147483647], got \"five\"")]
    [InlineData("""{ "run": { "name": "x", "rounds": 1.5 } }""", "run.rounds", "must be an integer")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "options": { "fraction_fit": 0 } } }""", "strategy.options.fraction_fit", "must be in (0, 1], got 0")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rate": -1 } }""", "training.learning_rate", "must be > 0, got -1")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "momentum": 1 } }""", "training.momentum", "must be in [0, 1), got 1")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "options": { "min_updates": 9 } } }""", "strategy.options.min_updates", "must be at most run.clients (5), got 9")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "options": { "min_fit_clients": 6 } } }""", "strategy.options.min_fit_clients", "must be at most run.clients (5), got 6")]
    [InlineData("""{ "run": { "name": "x" }, "schedule": { "concurrent_clients": 6 } }""", "schedule.concurrent_clients", "must be at most run.clients (5), got 6")]
    [InlineData("""{ "run": { "name": "../escape" } }""", "run.name", "must be letters, digits")]
    [InlineData("""{ "run": { "name": ".hidden" } }""", "run.name", "must be letters, digits")]
    [InlineData("""{ "run": { "name": null } }""", "run.name", "must be a string, got null")]
    [InlineData("""{ "run": { } }""", "run.name", "is required")]
    [InlineData("""{ "model": { "name": "cnn" } }""", "run", "is required")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "name": "fedsgd" } }""", "strategy.name", "must be one of fedavg, fedavgm, fedprox, fedadagrad, fedadam, fedyogi, scaffold, fednova, median, trimmed-mean, krum, geometric-median, norm-bounding, got \"fedsgd\"")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "name": "fedadam", "options": { "beta_1": 1 } } }""", "strategy.options.beta_1", "must be in [0, 1), got 1")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "name": "fedavg", "options": { "beta_1": 0.9 } } }""", "strategy.options.beta_1", "is not an option (valid: fraction_fit, ")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "options": 3 } }""", "strategy.options", "must be an object, got 3")]
    [InlineData("""{ "run": { "name": "x" }, "run": { "name": "y" } }""", "run", "is given more than once")]
    [InlineData("""{ "run": { "name": "x", "seed": 1, "seed": 2 } }""", "run.seed", "is given more than once")]
    [InlineData("""{ "run": { "name": "x" }, "attack": { "behaviors": { "client-99": "honest" } } }""", "attack.behaviors.client-99", "must name a client of run.clients (client-01 .. client-05)")]
    [InlineData("""{ "run": { "name": "x" }, "attack": { "behaviors": { "client-01": "evil" } } }""", "attack.behaviors.client-01", "is invalid")]
    [InlineData("""{ "run": { "name": "x" }, "attack": { "behaviors": { "client-01": 3 } } }""", "attack.behaviors", "must be an object of names to strings, got {")]
    [InlineData("""{ "run": { "name": "x", "round_deadline_seconds": 0 } }""", "run.round_deadline_seconds", "must be in [0.001, 2147483.647], got 0")]
    // Values that pass a range check as doubles but cannot be represented where they are used.
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rate": 1e300 } }""", "training.learning_rate", "must be representable as a float32, which training uses (zero, or magnitudes from 1E-45 to 3.4028235E+38), got 1E+300")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rate": 1e39 } }""", "training.learning_rate", "must be representable as a float32")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rate": 1e-50 } }""", "training.learning_rate", "must be representable as a float32")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "learning_rate": 1e400 } }""", "training.learning_rate", "must be a finite number, got 1e400")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "momentum": 0.99999999999 } }""", "training.momentum", "must be below 1 as a float32")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "momentum": 1e-60 } }""", "training.momentum", "must be representable as a float32")]
    [InlineData("""{ "run": { "name": "x" }, "training": { "weight_decay": 1e39 } }""", "training.weight_decay", "must be representable as a float32")]
    [InlineData("""{ "run": { "name": "x" }, "strategy": { "name": "fedprox", "options": { "proximal_mu": 1e300 } } }""", "strategy.options.proximal_mu", "must be representable as a float32")]
    [InlineData("""{ "run": { "name": "x", "round_deadline_seconds": 1e300 } }""", "run.round_deadline_seconds", "must be in [0.001, 2147483.647]")]
    [InlineData("""{ "run": { "name": "x", "round_deadline_seconds": 2147484 } }""", "run.round_deadline_seconds", "must be in [0.001, 2147483.647]")]
    [InlineData("""{ "run": { "name": "x", "round_deadline_seconds": 1e-9 } }""", "run.round_deadline_seconds", "must be in [0.001, 2147483.647]")]
    [InlineData("""{ "run": { "name": "x", "join_timeout_seconds": 1e300 } }""", "run.join_timeout_seconds", "must be in [0.001, 2147483.647]")]
    [InlineData("""{ "run": { "name": "x", "clients": 1e300 } }""", "run.clients", "must be an integer")]
    [InlineData("""{ "run": { "name": "x", "rounds": 4294967297 } }""", "run.rounds", "must be an integer in [-2147483648, 2147483647], got 4294967297")]
    [InlineData("""{ "run": { "name": "x", "seed": 1e300 } }""", "run.seed", "must be an integer")]
    public void ABadConfigIsRefusedNamingTheFullPathAndWhatIsAllowed(string json, string path, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(json));
        Assert.True(e.Errors.Count == 1, e.Message);
        var error = e.Errors[0];
        Assert.Equal(path, error.Name);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Field);
        Assert.Contains($"{path} {message}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemOfAFileIsReportedAtOnceInTheOrderWritten()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse("""
            {
              "run": { "name": "x", "clients": 3, "rounds": 0 },
              "data": { "partition": "shards:x" },
              "model": { "name": "vgg" },
              "training": { "learning_rate": 1e300, "batch_size": 0 },
              "strategy": { "name": "fedadam", "options": { "beta_1": 1.5, "tau": 0, "min_updates": 4 } },
              "crypto": { "suit": "none" },
              "schedule": { "threads_per_client": -1 },
            }
            """));
        Assert.Equal(
        [
            "crypto.suit", "run.rounds", "training.batch_size", "training.learning_rate", "strategy.options.beta_1", "strategy.options.tau",
            "schedule.threads_per_client", "data.partition", "model.name", "strategy.options.min_updates",
        ], e.Errors.Select(x => x.Name));
        Assert.StartsWith("config: 10 problems:", e.Message, StringComparison.Ordinal);
        Assert.Contains("strategy.options.beta_1 must be in [0, 1), got 1.5", e.Message, StringComparison.Ordinal);
        Assert.Contains("strategy.options.min_updates must be at most run.clients (3), got 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRulesOfASectionWithAMistypedMemberWaitForItsTypesButOtherSectionsAreChecked()
    {
        // training's values are not the written ones once one of them did not bind: its rules would
        // judge defaults. Other sections are still checked in full.
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse("""
            { "run": { "name": "x", "rounds": 0 }, "training": { "batch_size": "big", "learning_rate": -1 } }
            """));
        Assert.Equal(["training.batch_size", "run.rounds"], e.Errors.Select(x => x.Name));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{ not json")]
    [InlineData("")]
    public void NonObjectsAreRefused(string json) =>
        Assert.Equal("(file)", Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(json)).Field);

    [Fact]
    public void TheLargestRepresentableValuesAreAccepted()
    {
        var config = ExperimentConfigLoader.Parse("""
            { "run": { "name": "x", "round_deadline_seconds": 2147483, "join_timeout_seconds": 0.001 },
              "training": { "learning_rate": 3e38, "momentum": 0.999, "weight_decay": 1e-40 } }
            """);
        Assert.Equal(3e38, config.Training.LearningRate);
        Assert.True(float.IsFinite((float)config.Training.LearningRate));
        // The durations the coordinator derives from them exist and fit a timer.
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromSeconds(config.Run.RoundDeadlineSeconds));
        Assert.True(TimeSpan.FromSeconds(config.Run.JoinTimeoutSeconds) > TimeSpan.Zero);
    }

    [Fact]
    public void AConfigBuiltInCodeIsCheckedByTheSameRules()
    {
        var config = new ExperimentConfig
        {
            Run = new RunSection { Name = "x", Clients = 2 },
            Training = new TrainingSection { LearningRate = 1e300 },
            Strategy = new StrategySection { Name = "fedadam", Options = new FedAvgOptions { MinUpdates = 3 } },
        };
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Validate(config));
        Assert.Equal(["training.learning_rate", "strategy.options", "strategy.options.min_updates"], e.Errors.Select(x => x.Name));
        Assert.Contains("must be FedAdamOptions for strategy 'fedadam'", e.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigPathThatIsADirectoryIsRefusedInOneLine()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Load(directory.Path));
        Assert.Equal("(file)", e.Field);
        Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AConfigFileThatCannotBeReadIsRefusedInOneLine()
    {
        // Root reads any file whatever its mode: this case can only be made as another user.
        Assert.SkipWhen(Environment.UserName == "root", "root can read a file of mode 000");
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = directory.Sub("secret.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.None);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Load(path));
        Assert.Contains("cannot read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecureAggregationOverSuiteNoneIsRefusedBeforeAnyRound()
    {
        var error = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(
            """{ "run": { "name": "x", "clients": 3 }, "crypto": { "suite": "none" }, "secure_aggregation": { "enabled": true } }"""));
        Assert.Contains("crypto.suite", error.Message, StringComparison.Ordinal);
        Assert.Contains("suite \"none\" has none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConfigFileIsRefusedInOneLine() =>
        Assert.Contains("cannot read", Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Load("/nonexistent/fedhybrid.json")).Message, StringComparison.Ordinal);

    static string Configs() => FedHybrid.Testing.ShippedConfigs.Folder;

    [Fact]
    public void TheShippedConfigsAreValid()
    {
        var quickstart = ExperimentConfigLoader.Load(Path.Combine(Configs(), "quickstart.json"));
        Assert.Equal((5, "cnn", "bundled", "fedavg"), (quickstart.Run.Clients, quickstart.Model.Name, quickstart.Data.Source, quickstart.Strategy.Name));
        var full = ExperimentConfigLoader.Load(Path.Combine(Configs(), "fmnist-cnn-fedavg.json"));
        Assert.Equal((10, "iid", 20, 5), (full.Run.Clients, full.Data.Partition, full.Run.Rounds, full.Strategy.Options.MinUpdates));
    }

    [Fact]
    public void EveryStrategyHasAShippedConfigNamedAfterIt()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Configs(), "strategies"), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(StrategyRegistry.Names.Order(StringComparer.Ordinal), files.Select(Path.GetFileNameWithoutExtension));
        foreach (var file in files)
        {
            var config = ExperimentConfigLoader.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Strategy.Name);
            Assert.Equal($"strategy-{config.Strategy.Name}", config.Run.Name);
        }
    }

    static readonly TimeSpan Turn = TimeSpan.FromMilliseconds(new ScheduleSection().TimeSliceMs);

    [Fact]
    public void TheScheduleNeverOversubscribesTheCores()
    {
        var config = new ExperimentConfig { Run = new RunSection { Name = "x", Clients = 10 } };
        Assert.Equal(new Schedule(2, 10, 2, 1, Turn), Schedule.For(config, 2));
        Assert.Equal(new Schedule(8, 2, 2, 4, Turn), Schedule.For(config with { Run = config.Run with { Clients = 2 } }, 8));
        Assert.Equal(new Schedule(2, 1, 1, 2, Turn), Schedule.For(config with { Run = config.Run with { Clients = 1 } }, 2));
        Assert.Equal(new Schedule(4, 10, 1, 4, Turn), Schedule.For(config with { Schedule = new ScheduleSection { ConcurrentClients = 1 } }, 4));
        Assert.Equal(new Schedule(2, 10, 2, 1, TimeSpan.Zero), Schedule.For(config with { Schedule = new ScheduleSection { TimeSliceMs = 0 } }, 2));
    }

    [Theory]
    [InlineData("median", "the coordinate-wise median needs each client's value")]
    [InlineData("krum", "krum scores each update by its distances")]
    [InlineData("trimmed-mean", "the trimmed mean ranks")]
    [InlineData("geometric-median", "reweights each update")]
    [InlineData("scaffold", "needs 2 vectors from each client")]
    [InlineData("fednova", "needs more than the mean of the updates")]
    public void StrategiesThatCannotStepFromAMaskedSumAreRefusedWithTheReason(string strategy, string reason)
    {
        var error = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse($$"""
            { "run": { "name": "x", "clients": 4 }, "strategy": { "name": "{{strategy}}" }, "secure_aggregation": { "enabled": true, "dropout_fraction": 0.2 } }
            """));
        Assert.Contains($"strategy.name '{strategy}' cannot run under secure_aggregation", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("\"clip_range\": 0", "secure_aggregation.clip_range", "must be finite and > 0")]
    [InlineData("\"clip_range\": -1", "secure_aggregation.clip_range", "must be finite and > 0")]
    [InlineData("\"max_cohort\": 3", "secure_aggregation.max_cohort", "must be at least run.clients (4)")]
    [InlineData("\"bits\": 8, \"levels\": 200", "secure_aggregation.max_cohort", "overflows the modulus 2^8")]
    [InlineData("\"neighbours\": 2", "secure_aggregation.threshold", "given together")]
    [InlineData("\"neighbours\": 3, \"threshold\": 1", "secure_aggregation.threshold", "k/2 < t <= k")]
    [InlineData("\"dropout_fraction\": 0.3", "secure_aggregation.dropout_fraction", "leaves no SecAgg+ graph for the 4 clients a round samples")]
    public void SecureAggregationParametersThatCouldBreakAreRefusedAtLoadWithTheReason(string setting, string path, string reason)
    {
        var error = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse($$"""
            { "run": { "name": "x", "clients": 4 }, "secure_aggregation": { "enabled": true, {{setting}} } }
            """));
        Assert.Contains(path + " ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void TheDefaultSecureAggregationLevelsLetTheWholeRunSumWithoutWrapping()
    {
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "x", "clients": 100 }, "secure_aggregation": { "enabled": true } }""");
        var quantization = config.SecureAggregation.ToOptions(config.Run.Clients).Quantization();
        Assert.Equal(100, quantization.MaxCohortSize);
        Assert.True(100UL * (quantization.Levels - 1) <= uint.MaxValue);
        Assert.True(100UL * quantization.Levels > uint.MaxValue); // and no level is wasted
    }
}
