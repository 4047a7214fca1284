using System.Security.Cryptography;

namespace FedHybrid.IntegrationTests;

/// <summary>Stopping, resuming and reusing runs: SIGINT and SIGTERM stop `simulate` and `coordinator`
/// cleanly and say how to resume; a run folder that holds a run is never silently replaced; a
/// tampered checkpoint is refused before anything starts; files get exact modes whatever the umask.</summary>
[Collection(BaselineCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // signals, /proc and file modes
public sealed class LifecycleTests
{
    const string ResumeMarker = "Continue with: ";
    readonly BaselineRunFixture _baseline;

    public LifecycleTests(BaselineRunFixture baseline) => _baseline = baseline;

    [Theory]
    [InlineData(PosixProcesses.SIGINT, 130)]
    [InlineData(PosixProcesses.SIGTERM, 143)]
    public async Task SignalStopsSimulateAndItsClients_SaysHowToResume_AndTheResumedRunEndsWithTheUninterruptedModel(int signal, int status)
    {
        PosixProcesses.SkipIfIgnored(signal);
        var name = $"signalled-{signal}";
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config(name));
        var runs = Path.Combine(scratch, "runs");
        var metrics = Path.Combine(runs, name, "metrics.csv");
        List<(int Pid, string CommandLine)> clients;
        string resumeLine;
        using (var run = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable, ["simulate", "--config", config, "--runs", runs], scratch)))
        {
            // metrics.csv gets round 1's row after round 1's checkpoint is written.
            await run.WaitUntilAsync(() => RoundsIn(metrics) >= 1, "round 1 in metrics.csv");
            Assert.False(run.Process.HasExited, "the run ended before it could be signalled:\n" + run.Output);
            clients = PosixProcesses.ChildrenOf(run.Process.Id).Where(c => c.CommandLine.Contains(" client ", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, clients.Count);

            PosixProcesses.Send(run.Process.Id, signal);
            Assert.Equal(status, await run.WaitForExitAsync());
            Assert.DoesNotContain(clients, c => PosixProcesses.IsRunning(c.Pid, c.CommandLine));
            resumeLine = Assert.Single(run.Output.Split('\n'), l => l.Contains(ResumeMarker, StringComparison.Ordinal)).Trim();
        }
        Assert.StartsWith("cancelled: every client process was stopped; round ", resumeLine);
        var checkpointed = int.Parse(resumeLine.Split(' ')[7], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(RoundsIn(metrics), checkpointed);

        // Resume with exactly the command the line gives.
        var command = resumeLine[(resumeLine.IndexOf(ResumeMarker, StringComparison.Ordinal) + ResumeMarker.Length)..].Split(' ');
        Assert.Equal("fedhybrid", command[0]);
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, command[1..], scratch));
        Assert.True(code == 0, output);
        var resumed = FedHybridCli.Summary(Path.Combine(runs, name));
        Assert.Equal(checkpointed, resumed.GetProperty("resumed_after_round").GetInt32());
        Assert.Equal(FedHybridCli.Summary(_baseline.RunDirectory).GetProperty("final_model_sha256").GetString(),
            resumed.GetProperty("final_model_sha256").GetString());
        Assert.Equal(3, RoundsIn(metrics));
    }

    [Fact]
    public async Task SimulateUnderTheNameOfAFinishedRun_IsRefusedAndChangesNothing()
    {
        Assert.True(_baseline.ExitCode == 0, _baseline.Output);
        var before = Snapshot(_baseline.RunDirectory);
        var (code, output) = await FedHybridCli.SimulateAsync(_baseline.Scratch,
            "--config", Path.Combine(_baseline.Scratch, "config.json"), "--runs", Path.Combine(_baseline.Scratch, "runs"));
        Assert.True(code == 2, output);
        Assert.Contains($"error: {_baseline.RunDirectory} already holds a finished run (", output);
        Assert.Contains("final-model.sealed", output);
        Assert.Contains("give --resume to continue it, --overwrite to replace it, or another --name", output);
        Assert.DoesNotContain("coordinator listening", output);
        Assert.Equal(before, Snapshot(_baseline.RunDirectory));
    }

    [Fact]
    public async Task OverwriteThroughRunSim_SaysWhatItRemovesAndReplacesTheRun_WithOwnerOnlyKeysUnderUmask000()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("again"));
        var run = Path.Combine(scratch, "runs", "again");
        CopyDirectory(_baseline.RunDirectory, run);
        var oldKey = File.ReadAllText(Path.Combine(run, "keys", "coordinator.signing.pub.pem"));

        var info = FedHybridCli.StartInfo("/bin/sh", ["-c", "umask 000 && exec /bin/sh \"$0\" \"$@\"",
            BaselineRunFixture.RunSimScript, "--config", config, "--runs", Path.Combine(scratch, "runs"), "--overwrite"], scratch);
        info.Environment["FEDHYBRID"] = FedHybridCli.Executable;
        var (code, output) = await FedHybridCli.RunAsync(info);
        Assert.True(code == 0, output);
        var removal = Assert.Single(output.Split('\n'), l => l.StartsWith("--overwrite: removing", StringComparison.Ordinal));
        Assert.Contains($"{run}: a finished run (", removal);
        foreach (var part in new[] { "final-model.sealed", "summary.json", "metrics.csv with 3 rounds", "keys/ with ", "checkpoint.sealed" })
            Assert.Contains(part, removal);

        Assert.NotEqual(oldKey, File.ReadAllText(Path.Combine(run, "keys", "coordinator.signing.pub.pem")));
        Assert.Equal(FedHybridCli.Summary(_baseline.RunDirectory).GetProperty("final_model_sha256").GetString(),
            FedHybridCli.Summary(run).GetProperty("final_model_sha256").GetString());
        var keys = Path.Combine(run, "keys");
        Assert.Equal(Mode("700"), File.GetUnixFileMode(keys));
        foreach (var file in Directory.GetFiles(keys))
            Assert.True(File.GetUnixFileMode(file) == Mode(file.EndsWith(".key.pem", StringComparison.Ordinal) ? "600" : "644"), $"{file}: {File.GetUnixFileMode(file)}");
    }

    [Fact]
    public async Task TamperedCheckpointOnResume_IsRefusedInOneLineBeforeAnyClientStarts()
    {
        var scratch = FedHybridCli.Scratch("{}").Directory;
        var runs = Path.Combine(scratch, "runs");
        var run = Path.Combine(runs, "baseline");
        CopyDirectory(_baseline.RunDirectory, run);
        Directory.Delete(Path.Combine(run, "logs"), recursive: true);
        var checkpoint = Path.Combine(run, "checkpoint.sealed");
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(checkpoint, bytes);

        var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--resume", "--name", "baseline", "--runs", runs);
        Assert.True(code == 2, output);
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith($"error: cannot resume from {checkpoint}: it does not open", error);
        Assert.DoesNotContain("   at ", output); // no stack trace
        Assert.DoesNotContain("coordinator listening", output);
        Assert.False(Directory.Exists(Path.Combine(run, "logs")), "a client was started");
    }

    [Fact]
    public async Task LabCoordinator_HintsAtKits_StopsOnSigintWithTheResumeLine_AndRefusesAFinishedRunsFolder()
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("lab"));
        PosixProcesses.SkipIfIgnored(PosixProcesses.SIGINT);
        var runs = Path.Combine(scratch, "runs");
        var provision = FedHybridCli.StartInfo("/bin/sh", ["-c", "umask 000 && exec \"$0\" \"$@\"", FedHybridCli.Executable, "provision", "--clients", "3", "--out", "kits"], scratch);
        var (provisioned, provisionOutput) = await FedHybridCli.RunAsync(provision);
        Assert.True(provisioned == 0, provisionOutput);
        // Exact modes under umask 000: folders 0700, private keys 0600, everything else 0644.
        var kits = Path.Combine(scratch, "kits");
        foreach (var folder in Directory.GetDirectories(kits).Append(kits))
            Assert.True(File.GetUnixFileMode(folder) == Mode("700"), $"{folder}: {File.GetUnixFileMode(folder)}");
        foreach (var file in Directory.GetFiles(kits, "*", SearchOption.AllDirectories))
            Assert.True(File.GetUnixFileMode(file) == Mode(file.EndsWith(".key", StringComparison.Ordinal) || file.EndsWith(".key.pem", StringComparison.Ordinal) ? "600" : "644"),
                $"{file}: {File.GetUnixFileMode(file)}");

        var kit = Path.Combine(kits, "coordinator");
        string[] arguments = ["coordinator", "--config", config, "--runs", runs, "--kit", kit, "--listen", "127.0.0.1:0"];
        using (var coordinator = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, scratch)))
        {
            var hint = await coordinator.WaitForLineAsync(l => l.StartsWith("waiting for clients", StringComparison.Ordinal));
            Assert.True(hint is not null, coordinator.Output);
            Assert.Contains("fedhybrid client --kit ", hint);
            Assert.DoesNotContain("--keys", hint);
            PosixProcesses.Send(coordinator.Process.Id, PosixProcesses.SIGINT);
            Assert.Equal(130, await coordinator.WaitForExitAsync());
            Assert.Contains($"no round had completed. {ResumeMarker}fedhybrid coordinator --resume --name lab --runs {runs} --listen 127.0.0.1:0 --kit {kit}", coordinator.Output);
        }

        // The run folder now holds a run; once it is finished (results from real clients), a second
        // coordinator under its name must not touch it.
        File.Copy(Path.Combine(_baseline.RunDirectory, "summary.json"), Path.Combine(runs, "lab", "summary.json"));
        var before = Snapshot(Path.Combine(runs, "lab"));
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, scratch));
        Assert.True(code == 2, output);
        Assert.Contains($"error: {Path.Combine(runs, "lab")} already holds a finished run (", output);
        Assert.Equal(before, Snapshot(Path.Combine(runs, "lab")));
    }

    static int RoundsIn(string metrics) => File.Exists(metrics) ? Math.Max(0, File.ReadAllLines(metrics).Length - 1) : 0;

    static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    /// <summary>Every file under <paramref name="root"/> with the SHA-256 of its bytes.</summary>
    static string Snapshot(string root) => string.Join('\n', Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));

    static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from))
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
