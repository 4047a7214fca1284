using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Tests.Registry;

public sealed class AttackRegistryTests
{
    [Fact]
    public void ListsEveryAttackOnceWithADescription()
    {
        Assert.Equal(["eavesdrop", "tamper", "gradient-inversion", "membership-inference", "poisoning"], AttackRegistry.Names);
        Assert.All(AttackRegistry.All, a => Assert.False(string.IsNullOrWhiteSpace(a.Description)));
    }

    [Fact]
    public void FindsByExactName()
    {
        Assert.Equal("gradient-inversion", AttackRegistry.Find("gradient-inversion").Name);
    }

    [Fact]
    public void AnUnknownNameIsAConfigErrorListingTheValidOnes()
    {
        var e = Assert.Throws<ConfigException>(() => AttackRegistry.Find("Eavesdrop"));
        Assert.Contains("'Eavesdrop' is unknown", e.Message);
        Assert.Contains("eavesdrop, tamper, gradient-inversion, membership-inference", e.Message);
    }
}
