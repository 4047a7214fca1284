using System.Globalization;

namespace FedHybrid.IntegrationTests;

/// <summary>Distributed DP end to end through the real `fedhybrid simulate`: experiments/configs/privacy/distributed-dp.json
/// runs under secure aggregation, and every row of metrics.csv carries the RDP epsilon, growing each round; the PLD
/// column stays empty (no PLD is known for these mechanisms, docs/privacy.md).</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class DistributedDpRunTests
{
    static string ShippedConfig => Path.Combine(BaselineRunFixture.RepositoryRoot(), "experiments", "configs", "privacy", "distributed-dp.json");

    [Fact]
    public async Task TheShippedConfigRunsUnderSecureAggregationAndReportsEpsilonEveryRound()
    {
        var scratch = FedHybridCli.ScratchDirectory();
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", ShippedConfig, "--runs", runs);
            Assert.True(code == 0, output);
            Assert.Contains("privacy: distributed-dp (discrete gaussian) under secure aggregation in Z_(2^32), clip norm 1, noise multiplier 1 on the sum of 5", output);
            var run = Path.Combine(runs, "privacy-distributed-dp");
            var rows = FedHybridCli.Table(run, "metrics.csv");
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal("advertise-keys+share-keys+masked-fit+unmask", r["stages"]));
            Assert.All(rows, r => Assert.Equal("true", r["aggregated"]));
            var rdp = rows.Select(r => double.Parse(r["epsilon_rdp"], CultureInfo.InvariantCulture)).ToArray();
            Assert.True(rdp[0] > 0, $"epsilon_rdp {rdp[0]}");
            for (int t = 1; t < rows.Count; t++)
                Assert.True(rdp[t] > rdp[t - 1], $"epsilon_rdp does not grow: {string.Join(", ", rdp)}");
            Assert.All(rows, r => Assert.Equal("", r["epsilon_pld"]));
            // The charge of three rounds of five noise shares at q = 1 for mlp2nn's 199,210 weights (padded to 2^18).
            var mechanism = new Aggregation.Privacy.DistributedDpMechanism(
                new(1.0, 1.0, Aggregation.Privacy.DistributedNoise.DiscreteGaussian, 1e-5, ExpectedCohort: 5), bits: 32, length: 199_210);
            var ledger = new Aggregation.Privacy.DistributedDpLedger(mechanism).Charge(5, 1).Charge(5, 1).Charge(5, 1);
            Assert.Equal(ledger.Epsilon(), rdp[^1], 1e-9 * rdp[^1]);
            Assert.Equal(3, FedHybridCli.Summary(run).GetProperty("rounds_aggregated").GetInt32());
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task ANoiseMultiplierTheRingCannotCarryIsRefusedInOneLineBeforeTheRun()
    {
        var scratch = FedHybridCli.ScratchDirectory();
        try
        {
            string config = Path.Combine(scratch, "too-little-noise.json");
            string shipped = File.ReadAllText(ShippedConfig);
            Assert.Contains("\"noise_multiplier\": 1.0", shipped);
            File.WriteAllText(config, shipped.Replace("\"noise_multiplier\": 1.0", "\"noise_multiplier\": 0.01", StringComparison.Ordinal));
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", runs);
            Assert.Equal(2, code);
            Assert.Contains("privacy.noise_multiplier cannot be used with mlp2nn in Z_(2^32): a clipped update would not fit Z_(2^32)", output);
            Assert.DoesNotContain("   at ", output);
            Assert.False(Directory.Exists(Path.Combine(runs, "privacy-distributed-dp")), "a refused config left a run folder");
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }
}
