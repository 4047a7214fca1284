using System.Diagnostics;

namespace FedHybrid.IntegrationTests;

/// <summary>Whole runs of `fedhybrid simulate`: a coordinator on loopback gRPC and one OS process per
/// client, mlp2nn on the bundled Fashion-MNIST subset.</summary>
[Collection(BaselineCollection.Name)]
public sealed class SimulationTests
{
    readonly BaselineRunFixture _baseline;

    public SimulationTests(BaselineRunFixture baseline) => _baseline = baseline;

    [Fact]
    public void HonestRunCompletesAndLearnsWellAboveChance()
    {
        Assert.True(_baseline.ExitCode == 0, _baseline.Output);
        var summary = FedHybridCli.Summary(_baseline.RunDirectory);
        Assert.Equal(3, summary.GetProperty("rounds_aggregated").GetInt32());
        Assert.Equal(9, summary.GetProperty("updates_accepted").GetInt32());
        Assert.Equal(0, summary.GetProperty("updates_rejected").GetInt32());
        // Ten classes: chance is 10%.
        Assert.True(summary.GetProperty("final_test_accuracy").GetDouble() > 0.6, _baseline.Output);
        var metrics = File.ReadAllLines(Path.Combine(_baseline.RunDirectory, "metrics.csv"));
        Assert.Equal(4, metrics.Length);
        foreach (var file in new[] { "config.json", "clients.csv", "partitions.csv", "final-model.sealed", "checkpoint.sealed" })
            Assert.True(File.Exists(Path.Combine(_baseline.RunDirectory, file)), file);
        // Every default is written out.
        Assert.Contains("\"rekey\": \"message\"", File.ReadAllText(Path.Combine(_baseline.RunDirectory, "config.json")));
    }

    /// <summary>Local training that diverges sends NaN: the coordinator rejects every update as
    /// not-finite, still writes every round's outputs, and simulate ends with a one-line error.</summary>
    [Fact]
    public async Task ADivergingLearningRateEndsWithNotFiniteRejectionsNotACrash()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("diverging",
            new Dictionary<string, object> { ["training.learning_rate"] = 1e30, ["run.clients"] = 2, ["run.rounds"] = 2 }));
        var runs = Path.Combine(scratch, "runs");
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", runs);
        Assert.True(code != 0, output);
        Assert.Contains("no round reached its quorum", output);
        Assert.DoesNotContain("   at ", output);
        var run = Path.Combine(runs, "diverging");
        var summary = FedHybridCli.Summary(run);
        Assert.Equal(4, summary.GetProperty("updates_rejected").GetInt32());
        Assert.Equal(4, summary.GetProperty("rejection_reasons").GetProperty("not-finite").GetInt32());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        Assert.All(FedHybridCli.ClientRows(run), row => Assert.Equal(("rejected", "not-finite"), (row.Status, row.Reason)));
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.sealed")));
    }

    [Fact]
    public async Task SuiteNoneEndsWithTheSameModelAsTheDefaultSuite()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("plain", new Dictionary<string, object> { ["crypto.suite"] = "none" }));
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", Path.Combine(scratch, "runs"));
        Assert.True(code == 0, output);
        Assert.Contains("WARNING", output);
        var plain = FedHybridCli.Summary(Path.Combine(scratch, "runs", "plain"));
        var sealedRun = FedHybridCli.Summary(_baseline.RunDirectory);
        Assert.Equal("none", plain.GetProperty("suite").GetString());
        Assert.Equal("hpke-x25519-aes256gcm", sealedRun.GetProperty("suite").GetString());
        Assert.Equal(sealedRun.GetProperty("final_model_sha256").GetString(), plain.GetProperty("final_model_sha256").GetString());
    }

    /// <summary>--reproducible pins the kernels in the coordinator (it says so) and in every client
    /// process (each logs the kernels libtorch runs); on a CPU without AVX2 it refuses in one line.</summary>
    [Fact]
    public async Task AReproducibleRunPinsTheKernelsInEveryProcess()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("pinned", new Dictionary<string, object> { ["run.clients"] = 2, ["run.rounds"] = 1 }));
        var runs = Path.Combine(scratch, "runs");
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", runs, "--reproducible");
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.True(code != 0, output);
            Assert.Contains("run.reproducible: libtorch dispatches to", output);
            return;
        }
        Assert.True(code == 0, output);
        Assert.Contains("reproducible: CPU kernels pinned to AVX2 in the coordinator and every client", output);
        var run = Path.Combine(runs, "pinned");
        Assert.Contains("\"reproducible\": true", File.ReadAllText(Path.Combine(run, "config.json")));
        foreach (var id in new[] { "client-01", "client-02" })
            Assert.Contains($"{id}: libtorch CPU kernels AVX2", File.ReadAllText(Path.Combine(run, "logs", id + ".log")));
    }

    [Fact]
    public async Task KilledCoordinatorResumesAndEndsWithTheSameModel()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("resumed"));
        var runs = Path.Combine(scratch, "runs");
        var metrics = Path.Combine(runs, "resumed", "metrics.csv");
        using (var first = Process.Start(FedHybridCli.StartInfo(FedHybridCli.Executable, ["simulate", "--config", config, "--runs", runs], scratch))!)
        {
            first.BeginOutputReadLine();
            first.BeginErrorReadLine();
            // Kill the coordinator (the whole simulate process, hard) once round 1 is checkpointed.
            while (!first.HasExited && !(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 2))
                await Task.Delay(100, TestContext.Current.CancellationToken);
            Assert.False(first.HasExited, "the run finished before it could be killed");
            first.Kill(entireProcessTree: false);
            await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--name", "resumed", "--resume", "--runs", runs);
        Assert.True(code == 0, output);
        var resumed = FedHybridCli.Summary(Path.Combine(runs, "resumed"));
        Assert.True(resumed.GetProperty("resumed_after_round").GetInt32() >= 1);
        Assert.Equal(FedHybridCli.Summary(_baseline.RunDirectory).GetProperty("final_model_sha256").GetString(),
            resumed.GetProperty("final_model_sha256").GetString());
        Assert.Equal(4, File.ReadAllLines(metrics).Length);
    }

    [Fact]
    public async Task MisbehavingAndLostClientsAreRejectedAndCountedWhileRoundsComplete()
    {
        var extra = new Dictionary<string, object>
        {
            ["run.clients"] = 5, ["run.rounds"] = 2, ["strategy.options.min_updates"] = 2, ["run.round_deadline_seconds"] = 30, ["attack.unprovisioned_clients"] = 1,
            ["attack.behaviors"] = new Dictionary<string, string> { ["client-02"] = "corrupt-byte", ["client-03"] = "replay-previous", ["client-04"] = "crash-mid-round" },
        };
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("adversarial", extra));
        var runs = Path.Combine(scratch, "runs");
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", runs);
        Assert.True(code == 0, output);
        var run = Path.Combine(runs, "adversarial");
        var rows = FedHybridCli.ClientRows(run);
        string Status(int round, string client) => rows.Single(r => r.Round == round && r.Client == client) is var r ? $"{r.Status}:{r.Reason}" : "";

        // A byte flipped in the sealed update: it does not authenticate, in every round.
        Assert.Equal("rejected:unauthenticated", Status(1, "client-02"));
        Assert.Equal("rejected:unauthenticated", Status(2, "client-02"));
        // Round 1's envelope sent again in round 2.
        Assert.Equal("accepted:", Status(1, "client-03"));
        Assert.Equal("rejected:replayed", Status(2, "client-03"));
        // Killed mid-round 2: the round closes at the deadline with the others.
        Assert.Equal("accepted:", Status(1, "client-04"));
        Assert.Equal("missing:", Status(2, "client-04"));
        foreach (var round in new[] { 1, 2 })
        {
            Assert.Equal("accepted:", Status(round, "client-01"));
            Assert.Equal("accepted:", Status(round, "client-05"));
        }
        // Not provisioned: refused at join, never in the run.
        Assert.DoesNotContain(rows, r => r.Client.StartsWith("intruder", StringComparison.Ordinal));
        Assert.Contains("refused at join", File.ReadAllText(Path.Combine(run, "logs", "intruder-01.log")));

        var summary = FedHybridCli.Summary(run);
        Assert.Equal(2, summary.GetProperty("rounds_aggregated").GetInt32());
        Assert.Equal(2, summary.GetProperty("rejection_reasons").GetProperty("unauthenticated").GetInt32());
        Assert.Equal(1, summary.GetProperty("rejection_reasons").GetProperty("replayed").GetInt32());
        var round2 = FedHybridCli.Table(run, "metrics.csv")[1];
        Assert.Equal(("2", "5"), (round2["round"], round2["selected"]));
        Assert.Equal("2", round2["accepted"]);
        Assert.Equal("2", round2["rejected"]);
        Assert.Equal("1", round2["missing"]);
    }

    [Fact]
    public async Task BadConfigIsRefusedBeforeAnythingStartsWithTheFieldNamed()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("bad", new Dictionary<string, object> { ["training.learning_rat"] = 0.1 }));
        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", Path.Combine(scratch, "runs"));
        Assert.NotEqual(0, code);
        Assert.Contains("learning_rat", output);
        Assert.False(Directory.Exists(Path.Combine(scratch, "runs")));
    }
}
