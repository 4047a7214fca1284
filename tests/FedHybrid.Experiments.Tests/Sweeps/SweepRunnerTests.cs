using System.Text.Json;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Sweeps;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Tests.Sweeps;

/// <summary>What a sweep does with the folders it finds, on fabricated run folders (no process starts:
/// the real 2 x 2 sweep, killed and resumed, is SweepTests in the integration tests).</summary>
public sealed class SweepRunnerTests : IDisposable
{
    const string Base = """{ "run": { "name": "s", "clients": 2, "rounds": 2 }, "data": { "source": "bundled" } }""";
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    static SweepGrid Grid() => SweepGrid.Create(Base, [SweepAxis.Parse("training.learning_rate=0.05,0.1"), SweepAxis.Parse("run.seed=1,2")]);

    [Fact]
    public async Task FinishedRunsAreSkipped_AndSummaryCsvHasARowPerRunWithTheVariedValues()
    {
        var grid = Grid();
        var runner = new SweepRunner(grid, _temp.Sub("sweep"), new SweepOptions { TargetAccuracy = 0.6 });
        foreach (var (point, i) in grid.Points.Select((p, i) => (p, i)))
            Finished(runner.Layout(point), point.Config, accuracies: [0.5, 0.55 + i / 10.0]);
        var events = new List<SweepEvent>();

        var results = await new SweepRunner(grid, runner.Directory, new SweepOptions { TargetAccuracy = 0.6, Events = events.Add }).RunAsync(TestContext.Current.CancellationToken);

        Assert.All(events, e => Assert.Equal(SweepEventKind.Skipped, e.Kind));
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.Index));
        var lines = File.ReadAllLines(runner.SummaryPath);
        Assert.Equal(string.Join(',', SweepSummaryTable.Header(grid.Axes)), lines[0]);
        Assert.StartsWith("training.learning_rate,run.seed,run,rounds,rounds_aggregated,final_accuracy,best_accuracy,rounds_to_target,", lines[0]);
        Assert.Equal(["0.05,1,learning_rate-0.05_seed-1,2,2,0.55,0.55,,", "0.05,2,learning_rate-0.05_seed-2,2,2,0.65,0.65,2,",
            "0.1,1,learning_rate-0.1_seed-1,2,2,0.75,0.75,2,", "0.1,2,learning_rate-0.1_seed-2,2,2,0.8500000000000001,0.8500000000000001,2,"],
            lines[1..].Select(l => string.Join(',', l.Split(',')[..8]) + ","));
        Assert.All(lines[1..], l => Assert.EndsWith(",0.6", l));
        Assert.Equal(4, results.Count);
    }

    [Fact]
    public async Task AFolderHoldingAnotherConfig_StopsTheSweepBeforeAnythingRuns_AndIsLeftAsItWas()
    {
        var grid = Grid();
        var directory = _temp.Sub("sweep");
        var runner = new SweepRunner(grid, directory, new SweepOptions());
        foreach (var point in grid.Points)
            Finished(runner.Layout(point), point.Config, [0.5, 0.6]);
        await runner.RunAsync(TestContext.Current.CancellationToken);
        var other = grid.Points[3].Config with { Training = grid.Points[3].Config.Training with { BatchSize = 7 } };
        Directory.Delete(runner.Layout(grid.Points[0]).Root, recursive: true); // would run first, were the sweep not refused
        File.WriteAllText(runner.Layout(grid.Points[3]).Config, ExperimentConfigLoader.ToJson(other));
        File.Delete(runner.Layout(grid.Points[3]).Summary);

        var e = await Assert.ThrowsAsync<SweepConflictException>(() => runner.RunAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith($"{runner.Layout(grid.Points[3]).Root} holds an unfinished run (", e.Message);
        Assert.EndsWith("of another config than this sweep's training.learning_rate=0.1, run.seed=2; remove it or give the sweep another --name", e.Message);
        Assert.False(Directory.Exists(runner.Layout(grid.Points[0]).Root));
        Assert.Equal(ExperimentConfigLoader.ToJson(other), File.ReadAllText(runner.Layout(grid.Points[3]).Config));
    }

    [Fact]
    public async Task AFolderThatIsNoSweep_AndASweepOfOtherAxes_AreRefused()
    {
        var directory = _temp.Sub("taken");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "mine");
        var e = await Assert.ThrowsAsync<SweepConflictException>(() => new SweepRunner(Grid(), directory, new SweepOptions()).RunAsync(TestContext.Current.CancellationToken));
        Assert.Contains("holds no sweep.json", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));

        var grid = Grid();
        var sweep = _temp.Sub("sweep");
        var runner = new SweepRunner(grid, sweep, new SweepOptions());
        foreach (var point in grid.Points)
            Finished(runner.Layout(point), point.Config, [0.5]);
        await runner.RunAsync(TestContext.Current.CancellationToken);
        var wider = SweepGrid.Create(Base, [SweepAxis.Parse("training.learning_rate=0.05,0.1,0.2"), SweepAxis.Parse("run.seed=1,2")]);
        var other = await Assert.ThrowsAsync<SweepConflictException>(() => new SweepRunner(wider, sweep, new SweepOptions()).RunAsync(TestContext.Current.CancellationToken));
        Assert.Contains("holds a sweep of other axes", other.Message);
    }

    /// <summary>A run folder as a finished run leaves it, with a round of test accuracy each.</summary>
    static void Finished(RunLayout layout, ExperimentConfig config, double[] accuracies)
    {
        Directory.CreateDirectory(layout.Root);
        File.WriteAllText(layout.Config, ExperimentConfigLoader.ToJson(config));
        var rounds = accuracies.Select((a, i) => SweepRunResultsTests.Round(i + 1, a)).ToArray();
        CsvTable.WriteAtomically(layout.Metrics, rounds);
        var summary = new RunSummary(config.Run.Name, "mlp2nn", "hpke", accuracies.Length, accuracies.Length, 0, 0.1, accuracies[^1], 0.5, accuracies.Max(),
            4, 0, new Dictionary<string, int>(), "00", "final-model.sealed", 1.5);
        File.WriteAllText(layout.Summary, JsonSerializer.Serialize(summary, RunFileNaming.Json));
    }
}
