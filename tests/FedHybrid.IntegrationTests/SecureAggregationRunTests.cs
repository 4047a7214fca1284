using System.Text.Json;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.IntegrationTests;

/// <summary>experiments/configs/privacy/secagg.json and secagg-pq.json end to end through the real
/// `fedhybrid simulate` with client processes: every round runs the four SecAgg+ stages and aggregates,
/// and the model ends within half a percentage point of the same run without secure aggregation.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class SecureAggregationRunTests
{
    static string Folder => Path.Combine(BaselineRunFixture.RepositoryRoot(), "experiments", "configs", "privacy");

    [Theory]
    [InlineData("secagg.json")]
    [InlineData("secagg-pq.json")]
    public async Task TheConfigRunsEveryRoundUnderSecureAggregationAndMatchesThePlainRun(string file)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "fedhybrid-it-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(scratch);
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var name = Path.GetFileNameWithoutExtension(file);
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", Path.Combine(Folder, file), "--runs", runs);
            Assert.True(code == 0, output);
            var masked = FedHybridCli.Summary(Path.Combine(runs, name));
            var rounds = CsvTable.Read<RoundMetrics>(Path.Combine(runs, name, "metrics.csv"));
            Assert.All(rounds, r =>
            {
                Assert.True(r.Aggregated, r.AbortReason);
                Assert.Equal("advertise-keys+share-keys+masked-fit+unmask", r.Stages);
                Assert.Equal(0, r.Rejected);
            });
            Assert.True(masked.GetProperty("final_test_accuracy").GetDouble() > masked.GetProperty("initial_accuracy").GetDouble(), output);

            // The same run, same seed, without masking.
            var plainConfig = Path.Combine(scratch, "plain.json");
            File.WriteAllText(plainConfig, File.ReadAllText(Path.Combine(Folder, file))
                .Replace("\"enabled\": true", "\"enabled\": false", StringComparison.Ordinal)
                .Replace($"\"name\": \"{name}\"", $"\"name\": \"{name}-plain\"", StringComparison.Ordinal));
            (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", plainConfig, "--runs", runs);
            Assert.True(code == 0, output);
            var plain = FedHybridCli.Summary(Path.Combine(runs, name + "-plain"));
            Assert.Equal("fit", CsvTable.Read<RoundMetrics>(Path.Combine(runs, name + "-plain", "metrics.csv"))[0].Stages);
            double gap = Math.Abs(masked.GetProperty("final_test_accuracy").GetDouble() - plain.GetProperty("final_test_accuracy").GetDouble());
            Assert.True(gap <= 0.005, $"secure aggregation moved the final accuracy by {gap:P2}");
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
