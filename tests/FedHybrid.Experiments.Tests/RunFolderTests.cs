using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using Xunit;

namespace FedHybrid.Experiments.Tests;

/// <summary>A new run never replaces a folder that already holds a run.</summary>
public sealed class RunFolderTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ANewRunUnderTheNameOfAFinishedRun_IsRefusedAndTheFolderIsUntouched()
    {
        var layout = new RunLayout(_temp.Sub("taken"));
        Directory.CreateDirectory(Path.Combine(layout.Keys));
        File.WriteAllText(Path.Combine(layout.Keys, "coordinator.signing.key.pem"), "key");
        File.WriteAllText(layout.Summary, "{}");
        File.WriteAllText(Path.Combine(layout.Root, "final-model.sealed"), "model");
        var runner = new SimulationRunner(ExperimentConfigLoader.Parse("""{ "run": { "name": "taken" }, "data": { "source": "bundled" } }"""), new SimulationOptions { RunsDirectory = _temp.Path });

        var e = await Assert.ThrowsAsync<RunFolderExistsException>(() => runner.RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"{layout.Root} already holds a finished run (final-model.sealed, keys/ with 1 file, summary.json); "
            + "give --resume to continue it, --overwrite to replace it, or another --name", e.Message);
        Assert.Equal("model", File.ReadAllText(Path.Combine(layout.Root, "final-model.sealed")));
        Assert.Equal("key", File.ReadAllText(Path.Combine(layout.Keys, "coordinator.signing.key.pem")));
        Assert.False(File.Exists(layout.Config));
    }

    [Fact]
    public void AnUnfinishedRunIsDescribedWithItsRoundsSoFar()
    {
        var layout = new RunLayout(_temp.Sub("half"));
        Directory.CreateDirectory(layout.Root);
        File.WriteAllLines(layout.Metrics, ["round,clients", "1,3", "2,3"]);
        File.WriteAllText(Path.Combine(layout.Root, "checkpoint.sealed"), "");
        Assert.Equal("an unfinished run (checkpoint.sealed, metrics.csv with 2 rounds)", RunFolderContents.Describe(layout));
    }

    [Fact]
    public void AnAbsentOrEmptyFolderHoldsNoRun()
    {
        var layout = new RunLayout(_temp.Sub("new"));
        Assert.Null(RunFolderContents.Describe(layout));
        Directory.CreateDirectory(layout.Root);
        Assert.Null(RunFolderContents.Describe(layout));
    }
}
