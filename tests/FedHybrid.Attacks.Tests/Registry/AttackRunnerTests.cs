using System.Text.Json;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Tests.Registry;

/// <summary><see cref="AttackRunner"/>: options bound before anything is written, attack.json and attack.md beside the
/// attack's images, and an occupied folder refused unless told to overwrite it.</summary>
public sealed class AttackRunnerTests : IDisposable
{
    readonly TempDirectory runs = new();

    public void Dispose() => runs.Dispose();

    static ExperimentConfig Config(string options = "{ \"level\": 4 }") => ExperimentConfigLoader.Parse($$"""
        { "run": { "name": "probe", "clients": 4 }, "model": { "name": "mlp2nn" },
          "secure_aggregation": { "enabled": true, "dropout_fraction": 0, "corrupt_fraction": 0 },
          "attack": { "options": {{options}} } }
        """);

    AttackRunner Runner(RecordingAttack attack, ExperimentConfig config, bool overwrite = false) =>
        new(attack, config, new SimulationOptions { RunsDirectory = runs.Path }, "configs/probe.json") { Overwrite = overwrite };

    [Fact]
    public async Task WritesTheRecordAndTheMarkdownBesideTheImages()
    {
        var attack = new RecordingAttack();
        var runner = Runner(attack, Config());
        var record = await runner.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(runs.Path, "probe"), runner.Folder);
        Assert.Empty(attack.FolderAtStart);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runner.Folder, AttackRunner.RecordFile)));
        var root = json.RootElement;
        Assert.Equal("recording", root.GetProperty("attack").GetString());
        Assert.Equal("probe", root.GetProperty("name").GetString());
        Assert.Equal("configs/probe.json", root.GetProperty("config").GetString());
        Assert.Equal(4, root.GetProperty("parameters").GetProperty("level").GetInt32());
        Assert.True(root.GetProperty("defences").GetProperty("secure_aggregation").GetBoolean());
        Assert.Equal("none", root.GetProperty("defences").GetProperty("privacy").GetString());
        Assert.Equal(16, root.GetProperty("metrics").GetProperty("squared").GetInt32());
        Assert.Equal("recording at level 4", root.GetProperty("headline").GetString());
        Assert.Equal([RecordingAttack.Image], root.GetProperty("images").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(record.Headline, root.GetProperty("headline").GetString());

        var markdown = File.ReadAllText(Path.Combine(runner.Folder, AttackRunner.MarkdownFile));
        Assert.StartsWith("# Attack `recording`: probe", markdown);
        Assert.Contains("secure aggregation on", markdown);
        Assert.Contains("| level | 4 |", markdown);
        Assert.Contains($"![{RecordingAttack.Image}]({RecordingAttack.Image})", markdown);
    }

    [Fact]
    public async Task BadOptionsAreRefusedBeforeTheFolderIsMade()
    {
        var e = Assert.Throws<ConfigException>(() => Runner(new RecordingAttack(), Config("{ \"level\": 9, \"colour\": \"red\" }")));
        Assert.Contains("attack.options.colour", e.Message);
        Assert.False(Directory.Exists(Path.Combine(runs.Path, "probe")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ASecondRunIntoTheSameFolderIsRefused_AndReplacesItWithOverwrite()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new RecordingAttack();
        await Runner(first, Config()).RunAsync(ct);
        var folder = Path.Combine(runs.Path, "probe");
        File.WriteAllText(Path.Combine(folder, "left-over.txt"), "from before");

        var second = new RecordingAttack();
        var refused = await Assert.ThrowsAsync<RunFolderExistsException>(() => Runner(second, Config("{ \"level\": 3 }")).RunAsync(ct));
        Assert.Contains("--overwrite", refused.Message);
        Assert.Equal(0, second.Runs);
        Assert.Contains("\"level\": 4", File.ReadAllText(Path.Combine(folder, AttackRunner.RecordFile)));

        await Runner(second, Config("{ \"level\": 3 }"), overwrite: true).RunAsync(ct);
        Assert.Equal(1, second.Runs);
        Assert.Empty(second.FolderAtStart);
        Assert.False(File.Exists(Path.Combine(folder, "left-over.txt")));
        Assert.Contains("\"level\": 3", File.ReadAllText(Path.Combine(folder, AttackRunner.RecordFile)));
    }
}
