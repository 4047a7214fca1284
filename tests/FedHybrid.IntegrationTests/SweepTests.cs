using System.Globalization;

namespace FedHybrid.IntegrationTests;

/// <summary>`fedhybrid sweep` as a real process: a 2 x 2 grid is stopped by SIGTERM in its second run,
/// and the same command then skips the finished run, resumes the interrupted one from its checkpoint,
/// runs the rest and writes summary.csv with a row per run.</summary>
[Collection(StrategyRunCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // signals
public sealed class SweepTests
{
    [Fact]
    public async Task ATwoByTwoSweep_KilledInItsSecondRun_ResumesSkippingTheFinishedRunAndWritesItsSummary()
    {
        PosixProcesses.SkipIfIgnored(PosixProcesses.SIGTERM);
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("grid", new Dictionary<string, object>
        {
            ["run.clients"] = 2,
            ["run.rounds"] = 2,
        }));
        var sweep = Path.Combine(scratch, "runs", "grid");
        string[] arguments = ["sweep", "--config", config, "--runs", Path.Combine(scratch, "runs"), "--target-accuracy", "0.5",
            "--vary", "training.learning_rate=0.05,0.1", "--vary", "data.partition=iid,dirichlet:0.5"];
        string[] runs = ["learning_rate-0.05_partition-iid", "learning_rate-0.05_partition-dirichlet-0.5",
            "learning_rate-0.1_partition-iid", "learning_rate-0.1_partition-dirichlet-0.5"];
        var second = Path.Combine(sweep, runs[1]);

        using (var run = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, scratch)))
        {
            // The second run's metrics.csv gets round 1's row after round 1's checkpoint is written.
            await run.WaitUntilAsync(() => RoundsIn(Path.Combine(second, "metrics.csv")) >= 1, "round 1 of the second run", TimeSpan.FromMilliseconds(100));
            Assert.False(run.Process.HasExited, "the sweep ended before it could be killed:\n" + run.Output);
            PosixProcesses.Send(run.Process.Id, PosixProcesses.SIGTERM);
            Assert.Equal(143, await run.WaitForExitAsync());
            Assert.Contains("cancelled:", run.Output);
        }
        Assert.True(File.Exists(Path.Combine(sweep, runs[0], "summary.json")));
        Assert.False(File.Exists(Path.Combine(second, "summary.json")));
        Assert.False(Directory.Exists(Path.Combine(sweep, runs[2])));
        var firstSummary = File.ReadAllBytes(Path.Combine(sweep, runs[0], "summary.json"));

        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, scratch));
        Assert.True(code == 0, output);
        Assert.Contains($"[1/4] {runs[0]}: finished already", output);
        Assert.Contains($"[2/4] {runs[1]}: interrupted earlier, resuming from its checkpoint", output);
        Assert.Equal(firstSummary, File.ReadAllBytes(Path.Combine(sweep, runs[0], "summary.json")));
        Assert.True(FedHybridCli.Summary(second).GetProperty("resumed_after_round").GetInt32() >= 1);

        var rows = FedHybridCli.Table(sweep, "summary.csv");
        Assert.Equal(runs, rows.Select(r => r["run"]));
        Assert.Equal(["0.05", "0.05", "0.1", "0.1"], rows.Select(r => r["training.learning_rate"]));
        Assert.Equal(["iid", "dirichlet:0.5", "iid", "dirichlet:0.5"], rows.Select(r => r["data.partition"]));
        foreach (var (row, name) in rows.Zip(runs))
        {
            var summary = FedHybridCli.Summary(Path.Combine(sweep, name));
            Assert.Equal(summary.GetProperty("best_test_accuracy").GetDouble(), Number(row["best_accuracy"]));
            Assert.Equal(summary.GetProperty("final_test_accuracy").GetDouble(), Number(row["final_accuracy"]));
            var metrics = FedHybridCli.Table(Path.Combine(sweep, name), "metrics.csv");
            Assert.Equal(metrics.Sum(m => long.Parse(m["bytes_up"], CultureInfo.InvariantCulture)), long.Parse(row["bytes_up"], CultureInfo.InvariantCulture));
            var reached = metrics.FirstOrDefault(m => Number(m["test_accuracy"]) >= 0.5)?["round"] ?? "";
            Assert.Equal(reached, row["rounds_to_target"]);
            Assert.Equal("", row["epsilon_rdp"]); // no DP in this config
            Assert.True(Number(row["total_seconds"]) > 0);
        }

        // Rerun once finished: nothing runs. --json prints one JSON object a line, --quiet only the result.
        (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, [.. arguments, "--json"], scratch));
        Assert.True(code == 0, output);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(runs, events.Where(e => e.GetProperty("event").GetString() == "run").Select(e => e.GetProperty("run").GetProperty("run").GetString()));
        Assert.All(events.Where(e => e.GetProperty("event").GetString() == "run"), e => Assert.Equal("skipped", e.GetProperty("run").GetProperty("state").GetString()));
        Assert.Equal("result", events[^1].GetProperty("event").GetString());
        Assert.Equal(4, events[^1].GetProperty("result").GetProperty("runs").GetArrayLength());
        (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, [.. arguments, "--quiet"], scratch));
        Assert.True(code == 0, output);
        Assert.Equal($"done: 4 runs; summary in {Path.Combine(sweep, "summary.csv")}", output.Trim());
    }

    [Fact]
    public async Task ErrorsAreOneLineSayingWhatToFix_InJsonAnObject()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("bad"));
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["sweep", "--config", config, "--vary", "training.learning_rate=-1,0", "--vary", "model.nmae=x"], scratch));
        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: config: 4 problems: model.nmae is not an option", line);
        Assert.Contains("; training.learning_rate must be > 0, got -1 (in the run training.learning_rate=-1, model.nmae=x)", line);

        (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
            ["simulate", "--config", config, "--json", "--quiet"], scratch));
        Assert.Equal(2, code);
        using var error = System.Text.Json.JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("error", error.RootElement.GetProperty("event").GetString());
        Assert.Equal("config: --quiet cannot be combined with --json (give one)", error.RootElement.GetProperty("error").GetString());
    }

    static double Number(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    static int RoundsIn(string metrics) => File.Exists(metrics) ? Math.Max(0, File.ReadAllLines(metrics).Length - 1) : 0;
}
