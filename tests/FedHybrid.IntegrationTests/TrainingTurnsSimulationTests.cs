namespace FedHybrid.IntegrationTests;

/// <summary>Client processes taking turns with one training slot (given back after every batch: a 1 ms slice) end
/// with the same model to the bit as clients that hold the slot for whole fits: turns change when a client trains,
/// never what it computes, with 2 libtorch threads a client too.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class TrainingTurnsSimulationTests
{
    [Fact]
    public async Task TurnsOfOneMillisecondGiveTheModelOfWholeFits()
    {
        var whole = await RunAsync("whole-fits", sliceMs: 0);
        var turns = await RunAsync("1-ms-turns", sliceMs: 1);
        Assert.Equal(whole, turns);
    }

    static async Task<string> RunAsync(string name, int sliceMs)
    {
        var overrides = new Dictionary<string, object>
        {
            ["run.clients"] = 3,
            ["run.rounds"] = 2,
            ["run.seed"] = 5,
            ["schedule.concurrent_clients"] = 1,
            ["schedule.time_slice_ms"] = sliceMs,
        };
        var (scratch, configFile) = FedHybridCli.Scratch(FedHybridCli.Config("turns-" + name, overrides));
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", configFile, "--runs", runs);
            Assert.True(code == 0, output);
            Assert.Contains(sliceMs > 0 ? $"turns of {sliceMs} ms" : "the others wait for a training slot", output);
            return FedHybridCli.Summary(Path.Combine(runs, "turns-" + name)).GetProperty("final_model_sha256").GetString()!;
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }
}
