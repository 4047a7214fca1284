using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments.Config;
using FedHybrid.Testing;

namespace FedHybrid.Attacks.Tests.Registry;

/// <summary>experiments/configs/attacks/defences/: one config per column of docs/security-analysis.md's summary table.
/// Each loads, and puts in force exactly the defence its name claims (attack.json records what DefencesInForce says).</summary>
public sealed class DefenceColumnConfigTests
{
    static string Folder() => ShippedConfigs.PathOf("attacks", "defences");

    static DefencesInForce Column(string name) => DefencesInForce.Of(ExperimentConfigLoader.Load(Path.Combine(Folder(), name + ".json")));

    [Fact]
    public void There_is_one_column_per_defence_and_every_suite()
    {
        var names = Directory.EnumerateFiles(Folder(), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(["central-dp", "distributed-dp", "none", "robust", "sealed-hpke-p256", "sealed-hpke-x25519", "sealed-rsa4096", "sealed-xwing", "secagg"], names);
    }

    [Fact]
    public void No_defence_is_plaintext_fedavg()
    {
        var none = Column("none");
        Assert.Equal((false, false, "none", false), (none.Encrypted, none.SecureAggregation, none.Privacy, none.RobustAggregation));
    }

    [Theory]
    [InlineData("sealed-hpke-x25519", "hpke-x25519-aes256gcm")]
    [InlineData("sealed-hpke-p256", "hpke-p256-aes256gcm")]
    [InlineData("sealed-rsa4096", "rsa4096-oaep-aes256gcm")]
    [InlineData("sealed-xwing", "pq-xwing-aes256gcm")]
    public void Each_sealed_column_seals_with_its_suite_and_nothing_else(string name, string suite)
    {
        var sealedOnly = Column(name);
        Assert.Equal((suite, true, false, "none", false), (sealedOnly.Suite, sealedOnly.Encrypted, sealedOnly.SecureAggregation, sealedOnly.Privacy, sealedOnly.RobustAggregation));
    }

    [Fact]
    public void The_layered_columns_add_their_defence_to_sealing()
    {
        var secagg = Column("secagg");
        Assert.Equal((true, true, "none"), (secagg.Encrypted, secagg.SecureAggregation, secagg.Privacy));
        var central = Column("central-dp");
        Assert.Equal((true, false, "central-dp"), (central.Encrypted, central.SecureAggregation, central.Privacy));
        var distributed = Column("distributed-dp");
        Assert.Equal((true, true, "distributed-dp"), (distributed.Encrypted, distributed.SecureAggregation, distributed.Privacy));
        var robust = Column("robust");
        Assert.Equal((true, "median", true), (robust.Encrypted, robust.Strategy, robust.RobustAggregation));
    }
}
