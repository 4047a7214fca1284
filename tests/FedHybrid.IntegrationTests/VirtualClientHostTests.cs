namespace FedHybrid.IntegrationTests;

/// <summary>Virtual clients through the real `fedhybrid simulate`: 300 clients of mlp2nn packed into 1 client host or 4
/// end with the same model to the bit, and so do 12 clients run as one process each and packed into 3 hosts. Every update
/// is still sealed and signed by its own client over gRPC; which host runs a client changes nothing it computes.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class VirtualClientHostTests
{
    [Fact]
    public async Task ThreeHundredVirtualClientsGiveTheSameModelFromOneHostAndFromFour()
    {
        var one = await RunAsync("hosts-1", clients: 300, fraction: 0.03, hosts: 1);
        var four = await RunAsync("hosts-4", clients: 300, fraction: 0.03, hosts: 4);
        Assert.Equal(one.Hash, four.Hash);
        Assert.Contains("packed 300 clients into 4 client host process(es)", four.Output);
        Assert.Equal(["host-01.log", "host-02.log", "host-03.log", "host-04.log"], four.Logs);
        Assert.Equal(18, four.Accepted); // 9 sampled a round, 2 rounds
    }

    [Fact]
    public async Task ClientHostsComputeWhatOneProcessAClientComputes()
    {
        var processes = await RunAsync("processes", clients: 12, fraction: 0.5, hosts: null);
        var hosts = await RunAsync("hosts-3", clients: 12, fraction: 0.5, hosts: 3);
        Assert.Equal(processes.Hash, hosts.Hash);
        Assert.Equal(12, processes.Logs.Count);
        Assert.Equal(3, hosts.Logs.Count);
    }

    static async Task<(string Hash, string Output, IReadOnlyList<string> Logs, int Accepted)> RunAsync(string name, int clients, double fraction, int? hosts)
    {
        var overrides = new Dictionary<string, object>
        {
            ["run.clients"] = clients,
            ["run.rounds"] = 2,
            ["run.seed"] = 11,
            ["strategy.name"] = "fedavg",
            ["strategy.options"] = new Dictionary<string, object> { ["fraction_fit"] = fraction, ["min_updates"] = 3 },
        };
        if (hosts is { } count)
            overrides["schedule.client_hosts"] = count;
        var (scratch, configFile) = FedHybridCli.Scratch(FedHybridCli.Config("virtual-" + name, overrides));
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", configFile, "--runs", runs);
            Assert.True(code == 0, output);
            var run = Path.Combine(runs, "virtual-" + name);
            var summary = FedHybridCli.Summary(run);
            var logs = Directory.GetFiles(Path.Combine(run, "logs")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            return (summary.GetProperty("final_model_sha256").GetString()!, output, logs!, summary.GetProperty("updates_accepted").GetInt32());
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }
}
