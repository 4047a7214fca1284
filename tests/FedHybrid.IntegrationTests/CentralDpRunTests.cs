using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FedHybrid.IntegrationTests;

/// <summary>Central DP end to end through the real `fedhybrid simulate`: experiments/configs/privacy/central-dp.json
/// runs, and every row of metrics.csv carries both epsilons, the last equal to what `fedhybrid privacy` prints for
/// as many steps; a target epsilon is calibrated before the run, written to config.json and met.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class CentralDpRunTests
{
    static string ShippedConfig => Path.Combine(BaselineRunFixture.RepositoryRoot(), "experiments", "configs", "privacy", "central-dp.json");

    [Fact]
    public async Task TheShippedConfigRunsAndReportsBothEpsilonsEveryRound()
    {
        var scratch = FedHybridCli.ScratchDirectory();
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", ShippedConfig, "--runs", runs);
            Assert.True(code == 0, output);
            Assert.Contains("privacy: central-dp, clip norm 1, noise multiplier 0.5, q = 2/4 = 0.5, delta 1E-05", output);
            var run = Path.Combine(runs, "privacy-central-dp");
            var rows = FedHybridCli.Table(run, "metrics.csv");
            Assert.Equal(3, rows.Count);
            var rdp = rows.Select(r => Number(r["epsilon_rdp"])).ToArray();
            var pld = rows.Select(r => Number(r["epsilon_pld"])).ToArray();
            for (int t = 1; t < rows.Count; t++)
            {
                Assert.True(rdp[t] > rdp[t - 1], $"epsilon_rdp does not grow: {string.Join(", ", rdp)}");
                Assert.True(pld[t] > pld[t - 1], $"epsilon_pld does not grow: {string.Join(", ", pld)}");
            }
            var (expectedRdp, expectedPld) = await PrivacyCli("--q", "0.5", "--sigma", "0.5", "--steps", "3", "--delta", "1e-5");
            Assert.Equal(expectedRdp, rdp[^1], 1e-9 * expectedRdp);
            Assert.Equal(expectedPld, pld[^1], 1e-9 * expectedPld);
            Assert.Equal(3, FedHybridCli.Summary(run).GetProperty("rounds_aggregated").GetInt32());
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task ATargetEpsilonIsCalibratedBeforeTheRunWrittenToConfigJsonAndMet()
    {
        var json = FedHybridCli.Config("privacy-target", new Dictionary<string, object>
        {
            ["run.clients"] = 4,
            ["run.rounds"] = 2,
            ["strategy.name"] = "fedavg",
            ["strategy.options"] = new Dictionary<string, object> { ["fraction_fit"] = 0.5, ["min_updates"] = 2 },
            ["privacy"] = new Dictionary<string, object> { ["mechanism"] = "central-dp", ["clip_norm"] = 1.0, ["target_epsilon"] = 8.0 },
        });
        var (scratch, configFile) = FedHybridCli.Scratch(json);
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", configFile, "--runs", runs);
            Assert.True(code == 0, output);
            var run = Path.Combine(runs, "privacy-target");
            using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
            double sigma = written.RootElement.GetProperty("privacy").GetProperty("calibrated_noise_multiplier").GetDouble();
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"noise multiplier {sigma:R} (calibrated by RDP for epsilon 8 over 2 rounds)"), output);
            double spent = Number(FedHybridCli.Table(run, "metrics.csv")[^1]["epsilon_rdp"]);
            Assert.InRange(spent, 0.99 * 8, 8);
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    static double Number(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>The RDP and PLD epsilons `fedhybrid privacy` prints.</summary>
    static async Task<(double Rdp, double Pld)> PrivacyCli(params string[] arguments)
    {
        var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, ["privacy", .. arguments], FedHybridCli.Directory));
        Assert.True(code == 0, output);
        double Read(string name) => Number(Regex.Match(output, $@"{name} epsilon = ([0-9.eE+-]+)").Groups[1].Value);
        return (Read("RDP"), Read("PLD"));
    }

}
