using System.Text.RegularExpressions;

namespace FedHybrid.IntegrationTests;

/// <summary>A run whose config asks for ML-DSA-65 keys: the coordinator and the client processes sign
/// with them (the key files carry ML-DSA-65's OID), and every update is accepted.</summary>
[Collection(StrategyRunCollection.Name)]
public sealed class SignatureAlgorithmSimulationTests
{
    [Fact]
    public async Task ClientsWithMlDsa65KeysRunARound()
    {
        var scratch = Path.Combine(Path.GetTempPath(), "fedhybrid-it-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(scratch);
        try
        {
            var source = File.ReadAllText(Path.Combine(BaselineRunFixture.RepositoryRoot(), "experiments", "configs", "strategies", "fedavg.json"));
            var config = Path.Combine(scratch, "ml-dsa.json");
            File.WriteAllText(config, Regex.Replace(source, "\"rekey\": \"message\"", "\"rekey\": \"message\", \"signature\": \"ml-dsa-65\"")
                .Replace("\"rounds\": 3", "\"rounds\": 1").Replace("strategy-fedavg", "ml-dsa-run"));
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.SimulateAsync(scratch, "--config", config, "--runs", runs);
            Assert.True(code == 0, output);
            var run = Path.Combine(runs, "ml-dsa-run");
            Assert.Contains("\"signature\": \"ml-dsa-65\"", File.ReadAllText(Path.Combine(run, "config.json")));
            var signing = Crypto.Keys.KeyFiles.ImportVerificationKey(File.ReadAllText(Path.Combine(run, "keys", "client-01.signing.pub.pem")));
            Assert.Equal("ml-dsa-65", Crypto.Signatures.SignatureAlgorithms.NameOf(signing.Algorithm));
            var summary = FedHybridCli.Summary(run);
            Assert.Equal(1, summary.GetProperty("rounds_aggregated").GetInt32());
            Assert.Equal(2, summary.GetProperty("updates_accepted").GetInt32());
            Assert.Equal(0, summary.GetProperty("updates_rejected").GetInt32());
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
