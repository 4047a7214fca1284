using System.Text.RegularExpressions;

namespace FedHybrid.IntegrationTests;

/// <summary>A lab of client hosts: `provision --hosts 2` makes a host kit per machine, each holding its virtual clients'
/// keys and certificates; a kit coordinator and two `client-host --kit` processes finish the run over mutual TLS, every
/// client under its own TLS identity, and end with the model that `simulate` gives for the same config.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class LabHostKitTests
{
    [Fact]
    public async Task TwoHostKitsOfFourClientsFinishTheLabRunOverMutualTls_WithTheModelSimulateGives()
    {
        var overrides = new Dictionary<string, object> { ["run.clients"] = 4, ["run.rounds"] = 2, ["run.seed"] = 5 };
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config("lab-hosts", overrides));
        try
        {
            var (provisioned, provisionOutput) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["provision", "--clients", "4", "--hosts", "2", "--out", "kits"], scratch));
            Assert.True(provisioned == 0, provisionOutput);
            Assert.Contains("host kit:        " + Path.Combine(scratch, "kits", "host-1") + " (2 clients)", provisionOutput);

            var runs = Path.Combine(scratch, "runs");
            using var coordinator = RunningCli.Start(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["coordinator", "--config", config, "--runs", runs, "--kit", Path.Combine(scratch, "kits", "coordinator"), "--listen", "127.0.0.1:0"], scratch));
            var hint = await coordinator.WaitForLineAsync(l => l.StartsWith("waiting for clients", StringComparison.Ordinal));
            Assert.True(hint is not null, coordinator.Output);
            Assert.Contains("fedhybrid client-host --kit HOST-KIT", hint);
            var port = Regex.Match(hint, @"https://HOST:(\d+)").Groups[1].Value;

            var data = Path.Combine(FedHybridCli.Directory, "data", "fashion-mnist-subset");
            var partitions = Path.Combine(runs, "lab-hosts", "partitions");
            var hosts = new[] { "host-1", "host-2" }.Select(host => FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["client-host", "--kit", Path.Combine(scratch, "kits", host), "--coordinator", $"https://localhost:{port}", "--data", data,
                 "--partitions", partitions, "--workers", "1"], scratch))).ToArray();
            foreach (var (code, output) in await Task.WhenAll(hosts))
                Assert.True(code == 0, output);
            Assert.True(await coordinator.WaitForExitAsync() == 0, coordinator.Output);

            var run = Path.Combine(runs, "lab-hosts");
            var accepted = FedHybridCli.ClientRows(run).Where(r => r.Status == "accepted").Select(r => (r.Round, r.Client)).Order().ToArray();
            Assert.Equal([(1, "client-01"), (1, "client-02"), (1, "client-03"), (1, "client-04"),
                          (2, "client-01"), (2, "client-02"), (2, "client-03"), (2, "client-04")], accepted);

            var (simulated, simulateOutput) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", Path.Combine(scratch, "simulated"));
            Assert.True(simulated == 0, simulateOutput);
            Assert.Equal(FedHybridCli.Summary(Path.Combine(scratch, "simulated", "lab-hosts")).GetProperty("final_model_sha256").GetString(),
                FedHybridCli.Summary(run).GetProperty("final_model_sha256").GetString());
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task ClientHostWithAKitAndIds_IsRefusedInOneLine()
    {
        var scratch = FedHybridCli.ScratchDirectory();
        try
        {
            var (provisioned, provisionOutput) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["provision", "--clients", "2", "--hosts", "1", "--out", "kits"], scratch));
            Assert.True(provisioned == 0, provisionOutput);
            var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["client-host", "--kit", Path.Combine(scratch, "kits", "host-1"), "--ids", "client-01", "--coordinator", "https://localhost:1"], scratch));
            Assert.NotEqual(0, code);
            Assert.Equal("error: --kit gives the clients, their keys and the suite; leave out --ids, --keys and --suite", output.Trim());

            (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable,
                ["client-host", "--kit", Path.Combine(scratch, "kits", "host-1", "client-01"), "--coordinator", "https://localhost:1"], scratch));
            Assert.NotEqual(0, code);
            Assert.Contains("is a Client kit, not a host kit", output);
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }
}
