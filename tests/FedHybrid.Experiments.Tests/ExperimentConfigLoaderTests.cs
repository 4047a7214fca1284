using FedHybrid.Experiments;

namespace FedHybrid.Experiments.Tests;

public sealed class ExperimentConfigLoaderTests
{
    [Fact]
    public void CommentsAndTrailingCommasAreAllowedAndDefaultsFillTheRest()
    {
        var config = ExperimentConfigLoader.Parse("""
            // a comment
            { "name": "x", /* inline */ "clients": 4, "rounds": 2, }
            """);
        Assert.Equal(4, config.Clients);
        Assert.Equal(2, config.Rounds);
        Assert.Equal("hpke-x25519-aes256gcm", config.Suite);
        Assert.Equal(["client-01", "client-02", "client-03", "client-04"], config.ClientIds());
    }

    [Fact]
    public void TheWrittenConfigNamesEveryKeyAndReadsBackEqual()
    {
        var config = ExperimentConfigLoader.Parse("""{ "name": "x", "behaviors": { "client-02": "corrupt-byte" } }""");
        var json = ExperimentConfigLoader.ToJson(config);
        foreach (var key in ExperimentConfigLoader.ValidKeys)
            Assert.Contains($"\"{key}\"", json);
        Assert.Equal(json, ExperimentConfigLoader.ToJson(ExperimentConfigLoader.Parse(json)));
    }

    [Theory]
    [InlineData("""{ "learning_rat": 0.1 }""", "learning_rat")]
    [InlineData("""{ "model": "resnet" }""", "model")]
    [InlineData("""{ "suite": "rot13" }""", "suite")]
    [InlineData("""{ "rekey": "sometimes" }""", "rekey")]
    [InlineData("""{ "partition": "dirichlet:x" }""", "partition")]
    [InlineData("""{ "clients": 0 }""", "clients")]
    [InlineData("""{ "clients": "five" }""", "clients")]
    [InlineData("""{ "rounds": 1.5 }""", "rounds")]
    [InlineData("""{ "fraction_fit": 0 }""", "fraction_fit")]
    [InlineData("""{ "learning_rate": -1 }""", "learning_rate")]
    [InlineData("""{ "momentum": 1 }""", "momentum")]
    [InlineData("""{ "min_updates": 9 }""", "min_updates")]
    [InlineData("""{ "name": "../escape" }""", "name")]
    [InlineData("""{ "strategy": "fedsgd" }""", "strategy")]
    [InlineData("""{ "round_deadline_seconds": 0 }""", "round_deadline_seconds")]
    [InlineData("""{ "behaviors": { "client-99": "honest" } }""", "behaviors.client-99")]
    [InlineData("""{ "behaviors": { "client-01": "evil" } }""", "behaviors.client-01")]
    [InlineData("""{ "seed": 1, "seed": 2 }""", "seed")]
    // Values that pass a range check as doubles but cannot be represented where they are used.
    [InlineData("""{ "learning_rate": 1e300 }""", "learning_rate")]
    [InlineData("""{ "learning_rate": 1e39 }""", "learning_rate")]
    [InlineData("""{ "learning_rate": 1e-50 }""", "learning_rate")]
    [InlineData("""{ "learning_rate": 1e400 }""", "learning_rate")]
    [InlineData("""{ "momentum": 0.99999999999 }""", "momentum")]
    [InlineData("""{ "momentum": 1e-60 }""", "momentum")]
    [InlineData("""{ "weight_decay": 1e39 }""", "weight_decay")]
    [InlineData("""{ "proximal_mu": 1e300 }""", "proximal_mu")]
    [InlineData("""{ "round_deadline_seconds": 1e300 }""", "round_deadline_seconds")]
    [InlineData("""{ "round_deadline_seconds": 2147484 }""", "round_deadline_seconds")]
    [InlineData("""{ "round_deadline_seconds": 1e-9 }""", "round_deadline_seconds")]
    [InlineData("""{ "join_timeout_seconds": 1e300 }""", "join_timeout_seconds")]
    [InlineData("""{ "clients": 1e300 }""", "clients")]
    [InlineData("""{ "rounds": 4294967297 }""", "rounds")]
    [InlineData("""{ "seed": 1e300 }""", "seed")]
    public void BadConfigsAreRefusedNamingTheField(string json, string field)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(json));
        Assert.Equal(field, e.Field);
        Assert.Contains($"'{field}'", e.Message);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{ not json")]
    public void NonObjectsAreRefused(string json) =>
        Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(json));

    [Fact]
    public void TheLargestRepresentableValuesAreAccepted()
    {
        var config = ExperimentConfigLoader.Parse("""
            { "learning_rate": 3e38, "round_deadline_seconds": 2147483, "join_timeout_seconds": 0.001, "momentum": 0.999, "weight_decay": 1e-40 }
            """);
        Assert.Equal(3e38, config.LearningRate);
        Assert.True(float.IsFinite((float)config.LearningRate));
        // The durations the coordinator derives from them exist and fit a timer.
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromSeconds(config.RoundDeadlineSeconds));
        Assert.True(TimeSpan.FromSeconds(config.JoinTimeoutSeconds) > TimeSpan.Zero);
    }

    [Fact]
    public void AConfigPathThatIsADirectoryIsRefusedInOneLine()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Load(directory.Path));
        Assert.Equal("(file)", e.Field);
        Assert.Contains("is a directory", e.Message);
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
        Assert.Contains("cannot read", e.Message);
    }

    [Fact]
    public void AMissingConfigFileIsRefusedInOneLine() =>
        Assert.Contains("cannot read", Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Load("/nonexistent/fedhybrid.json")).Message);

    [Fact]
    public void TheShippedConfigsAreValid()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "experiments", "configs")))
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("experiments/configs");
        var quickstart = ExperimentConfigLoader.Load(Path.Combine(root, "experiments", "configs", "quickstart.json"));
        Assert.Equal((5, "cnn", "bundled"), (quickstart.Clients, quickstart.Model, quickstart.Data));
        var full = ExperimentConfigLoader.Load(Path.Combine(root, "experiments", "configs", "fmnist-cnn-fedavg.json"));
        Assert.Equal((10, "iid", 20), (full.Clients, full.Partition, full.Rounds));
    }

    [Fact]
    public void TheScheduleNeverOversubscribesTheCores()
    {
        var config = new ExperimentConfig { Clients = 10 };
        Assert.Equal(new Schedule(2, 10, 2, 1), Schedule.For(config, 2));
        Assert.Equal(new Schedule(8, 2, 2, 4), Schedule.For(config with { Clients = 2 }, 8));
        Assert.Equal(new Schedule(2, 1, 1, 2), Schedule.For(config with { Clients = 1 }, 2));
        Assert.Equal(new Schedule(4, 10, 1, 4), Schedule.For(config with { ConcurrentClients = 1 }, 4));
    }
}
