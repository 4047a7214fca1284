using System.Text.Json;

namespace FedHybrid.IntegrationTests;

/// <summary>Every strategy end to end through the real `fedhybrid simulate`, one run per file in
/// experiments/configs/strategies (a few rounds of mlp2nn on the bundled subset): the run finishes
/// with the strategy the file names, and its final model beats the initial one.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class StrategyRunTests
{
    static string Folder => Path.Combine(BaselineRunFixture.RepositoryRoot(), "experiments", "configs", "strategies");

    public static TheoryData<string> Configs() =>
        new(Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task TheStrategyRunsEndToEndAndBeatsTheInitialModel(string file)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "fedhybrid-it-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(scratch);
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", Path.Combine(Folder, file), "--runs", runs);
            Assert.True(code == 0, output);
            var strategy = Path.GetFileNameWithoutExtension(file);
            var run = Path.Combine(runs, $"strategy-{strategy}");
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
            Assert.Equal(strategy, config.RootElement.GetProperty("strategy").GetProperty("name").GetString());
            Assert.Contains($"strategy {strategy})", output);

            var summary = FedHybridCli.Summary(run);
            int rounds = config.RootElement.GetProperty("run").GetProperty("rounds").GetInt32();
            Assert.Equal(rounds, summary.GetProperty("rounds_aggregated").GetInt32());
            Assert.Equal(0, summary.GetProperty("updates_rejected").GetInt32());
            double initial = summary.GetProperty("initial_accuracy").GetDouble();
            double final = summary.GetProperty("final_test_accuracy").GetDouble();
            Assert.True(final > initial, $"{strategy}: final accuracy {final} does not beat the initial model's {initial}\n{output}");
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
