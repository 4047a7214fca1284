using System.Text.Json;

namespace FedHybrid.IntegrationTests;

/// <summary>
/// The network attacks through `fedhybrid attack`, on real runs: a coordinator and client processes of the built CLI,
/// with the intercepting proxy between them on loopback (plain gRPC, so that only the envelopes protect). What
/// attack.json reports is what the attacker got.
/// </summary>
[Collection(StrategyRunCollection.Name)]
public sealed class NetworkAttackTests
{
    static async Task<JsonElement> AttackAsync(string attack, string name, IReadOnlyDictionary<string, object> overrides)
    {
        var (scratch, config) = FedHybridCli.Scratch(FedHybridCli.Config(name, overrides));
        try
        {
            var runs = Path.Combine(scratch, "runs");
            var (code, output) = await FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, ["attack", attack, "--config", config, "--runs", runs], scratch));
            Assert.True(code == 0, output);
            Assert.True(File.Exists(Path.Combine(runs, name, "attack.md")), output);
            var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, name, "attack.json"))).RootElement;
            Assert.Equal(attack, record.GetProperty("attack").GetString());
            return record;
        }
        finally
        {
            FedHybridCli.DeleteScratch(scratch);
        }
    }

    [Fact]
    public async Task An_eavesdropper_recovers_every_weight_of_a_plaintext_run_and_none_of_a_sealed_one()
    {
        var plain = await AttackAsync("eavesdrop", "eavesdrop-none", new Dictionary<string, object> { ["crypto.suite"] = "none", ["run.rounds"] = 1 });
        var metrics = plain.GetProperty("metrics");
        Assert.False(plain.GetProperty("defences").GetProperty("encrypted").GetBoolean());
        Assert.True(metrics.GetProperty("weights_compared").GetInt64() > 0);
        Assert.Equal(1.0, metrics.GetProperty("exact_fraction").GetDouble());

        var sealedRun = await AttackAsync("eavesdrop", "eavesdrop-sealed", new Dictionary<string, object> { ["crypto.suite"] = "hpke-x25519-aes256gcm", ["run.rounds"] = 1 });
        metrics = sealedRun.GetProperty("metrics");
        Assert.True(sealedRun.GetProperty("defences").GetProperty("encrypted").GetBoolean());
        Assert.Equal(0, metrics.GetProperty("plaintext_decoded").GetInt32());
        Assert.True(metrics.GetProperty("exact_fraction").GetDouble() < 1e-3, metrics.ToString());
        var body = metrics.GetProperty("body");
        Assert.True(body.GetProperty("entropy_bits_per_byte").GetDouble() > 7.99, body.ToString());
        Assert.True(body.GetProperty("p_value").GetDouble() > 1e-4, $"the ciphertext should not be told apart from uniform: {body}");
    }

    [Fact]
    public async Task Under_secure_aggregation_the_eavesdropper_captures_the_masked_replies_and_recovers_nothing()
    {
        var record = await AttackAsync("eavesdrop", "eavesdrop-secagg", new Dictionary<string, object>
        {
            ["crypto.suite"] = "hpke-x25519-aes256gcm", ["run.rounds"] = 1, ["strategy.options.min_updates"] = 2,
            ["secure_aggregation"] = new Dictionary<string, object> { ["enabled"] = true, ["dropout_fraction"] = 0.0, ["corrupt_fraction"] = 0.0 },
        });
        var metrics = record.GetProperty("metrics");
        Assert.Equal(3, metrics.GetProperty("replies").GetInt32()); // the masked-fit replies, one a client
        Assert.True(metrics.GetProperty("weights_compared").GetInt64() > 0, metrics.ToString());
        Assert.Equal(0, metrics.GetProperty("exact_matches").GetInt64());
        Assert.Contains("without secure aggregation", metrics.GetProperty("truth_source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampering_network_has_every_altered_update_refused_and_counted_and_leaves_the_model_of_the_run_without_them()
    {
        // (clients - 1) x rounds = 18 >= 17 tamper kinds; the deadline bounds the rounds whose replies are dropped or delayed.
        var record = await AttackAsync("tamper", "tamper-real", new Dictionary<string, object>
        {
            ["run.clients"] = 4, ["run.rounds"] = 6, ["run.round_deadline_seconds"] = 20, ["strategy.options.min_updates"] = 1,
            ["crypto.suite"] = "hpke-x25519-aes256gcm", ["attack.options"] = new Dictionary<string, object> { ["wait_for_other_reply_seconds"] = 15 },
        });
        var metrics = record.GetProperty("metrics");
        Assert.True(metrics.GetProperty("altering_applied").GetInt32() >= 10, metrics.ToString());
        Assert.Equal(metrics.GetProperty("altering_applied").GetInt32(), metrics.GetProperty("altering_refused").GetInt32());
        Assert.Equal(0, metrics.GetProperty("undetected").GetInt32());
        Assert.Equal(0, metrics.GetProperty("refused_not_counted").GetInt32());
        Assert.Empty(metrics.GetProperty("not_planned").EnumerateArray());
        Assert.True(metrics.GetProperty("models_equal").GetBoolean(), "the attacked run's final model differs from the run without the refused replies");
    }
}
