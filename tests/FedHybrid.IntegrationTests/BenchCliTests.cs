namespace FedHybrid.IntegrationTests;

/// <summary>The benches that run a config (`bench rounds`, `bench efficiency`) share their options: both refuse a
/// missing config and a bad round count with exit 2 and say what is wrong, and both list the same shared options.</summary>
public sealed class BenchCliTests
{
    static Task<(int ExitCode, string Output)> Cli(string workingDirectory, params string[] arguments) =>
        FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, workingDirectory));

    static async Task InScratch(Func<string, Task> test)
    {
        var scratch = FedHybridCli.ScratchDirectory();
        try { await test(scratch); }
        finally { FedHybridCli.DeleteScratch(scratch); }
    }

    [Theory]
    [InlineData("rounds")]
    [InlineData("efficiency")]
    public Task AMissingConfigIsRefusedByName(string bench) => InScratch(async scratch =>
    {
        var (exit, output) = await Cli(scratch, "bench", bench, "--config", "no-such.json");
        Assert.Equal(2, exit);
        Assert.Contains("no-such.json", output);
        Assert.False(Directory.Exists(Path.Combine(scratch, "runs")), "a refused bench must not start a run");
    });

    [Theory]
    [InlineData("rounds")]
    [InlineData("efficiency")]
    public Task ZeroRoundsIsRefused(string bench) => InScratch(async scratch =>
    {
        var config = Path.Combine(scratch, "tiny.json");
        await File.WriteAllTextAsync(config, """{ "run": { "name": "tiny", "clients": 2, "rounds": 1 }, "model": { "name": "mlp2nn" } }""", TestContext.Current.CancellationToken);
        var (exit, output) = await Cli(scratch, "bench", bench, "--config", config, "--rounds", "0");
        Assert.Equal(2, exit);
        Assert.Contains("rounds", output);
    });

    [Theory]
    [InlineData("rounds")]
    [InlineData("efficiency")]
    public async Task HelpListsTheSharedOptions(string bench)
    {
        var (exit, output) = await Cli(FedHybridCli.Directory, "bench", bench, "--help");
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--config", "--rounds", "--data", "--runs", "--overwrite" })
            Assert.Contains(option, output);
    }
}
