using FedHybrid.Attacks.Network;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Tests.Network;

/// <summary>The plaintext run the eavesdropper's capture is scored against is always a valid config.</summary>
public sealed class PlaintextTwinTests
{
    [Fact]
    public void A_plain_config_keeps_everything_but_its_suite()
    {
        var config = ExperimentConfigLoader.Parse("""{ "run": { "name": "x", "clients": 3 }, "crypto": { "suite": "pq-xwing-aes256gcm" } }""");
        var twin = EavesdropRunner.PlaintextTwin(config);
        Assert.Equal(config with { Crypto = config.Crypto with { Suite = "none" } }, twin);
    }

    [Fact]
    public void A_secure_aggregation_config_loses_secure_aggregation_and_distributed_dp_and_stays_valid()
    {
        var config = ExperimentConfigLoader.Parse("""
            { "run": { "name": "x", "clients": 5 }, "strategy": { "name": "fedavg", "options": { "min_updates": 2 } },
              "secure_aggregation": { "enabled": true, "bits": 32, "dropout_fraction": 0.2, "corrupt_fraction": 0.1 },
              "privacy": { "mechanism": "distributed-dp", "clip_norm": 1.0, "noise_multiplier": 0.5 } }
            """);
        var twin = EavesdropRunner.PlaintextTwin(config);
        Assert.Equal(("none", false, PrivacyMechanism.None), (twin.Crypto.Suite, twin.SecureAggregation.Enabled, twin.Privacy.Mechanism));
        ExperimentConfigLoader.Validate(twin);
        Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Validate(config with { Crypto = config.Crypto with { Suite = "none" } }));
    }
}
