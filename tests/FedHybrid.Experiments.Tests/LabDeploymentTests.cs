using System.Net;
using FedHybrid.Deployment;
using FedHybrid.Federation.Security;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Tests;

public sealed class LabDeploymentTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly ProvisionResult _lab;

    public LabDeploymentTests()
    {
        _lab = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Path));
    }

    public void Dispose() => _temp.Dispose();

    static ExperimentConfig Config(int clients, string suite = "hpke-x25519-aes256gcm") =>
        ExperimentConfigLoader.Parse($$"""{ "run": { "name": "lab", "clients": {{clients}}, "rounds": 1 }, "model": { "name": "mlp2nn" }, "crypto": { "suite": "{{suite}}" } }""");

    [Fact]
    public void CoordinatorOptions_UseTheKitsKeysRegistryAndMutualTls()
    {
        using var kit = CoordinatorKit.Load(_lab.CoordinatorKit);
        var options = LabDeployment.CoordinatorOptions(kit, Config(2), new IPEndPoint(IPAddress.Loopback, 0), new SimulationOptions());

        Assert.NotNull(options.Host.ConfigureHttps);
        Assert.Null(options.ClientLaunch);
        var provisioned = Assert.IsType<ProvisionedKeys>(options.ProvisionedKeys);
        Assert.Equal(["client-01", "client-02"], provisioned.Registry.ClientIds);
        // The runtime's own key loader reads the kit as is.
        using var keys = ParticipantKeys.Load(provisioned.CoordinatorKeysDirectory, KitFiles.CoordinatorId, kit.Suite);
        Assert.True(keys.Public.SameKeysAs(kit.Identity));
    }

    [Fact]
    public void CoordinatorOptions_ConfigWithOtherClientCount_IsRefusedNamingTheField()
    {
        using var kit = CoordinatorKit.Load(_lab.CoordinatorKit);
        var e = Assert.Throws<ConfigException>(() => LabDeployment.CoordinatorOptions(kit, Config(3), new IPEndPoint(IPAddress.Loopback, 0), new SimulationOptions()));
        Assert.Equal("run.clients", e.Field);
    }

    [Fact]
    public void CoordinatorOptions_ConfigWithOtherSuite_IsRefusedNamingTheField()
    {
        using var kit = CoordinatorKit.Load(_lab.CoordinatorKit);
        var e = Assert.Throws<ConfigException>(() => LabDeployment.CoordinatorOptions(kit, Config(2, "hpke-p256-aes256gcm"), new IPEndPoint(IPAddress.Loopback, 0), new SimulationOptions()));
        Assert.Equal("crypto.suite", e.Field);
    }

    [Fact]
    public void ClientOptions_TakeIdKeysAndSuiteFromTheKit()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[1]);
        var options = LabDeployment.ClientOptions(kit, new Uri("https://localhost:5443"));

        Assert.Equal("client-02", options.ClientId);
        Assert.Equal(kit.Directory, options.KeysDirectory);
        Assert.Equal("hpke-x25519-aes256gcm", options.Suite);
        using var handler = Assert.IsType<SocketsHttpHandler>(options.HttpHandlerFactory!());
        Assert.Single(handler.SslOptions.ClientCertificates!);
        using var keys = ParticipantKeys.Load(options.KeysDirectory, options.ClientId, kit.Suite);
        Assert.True(keys.Public.SameKeysAs(kit.Identity));
        Assert.True(ParticipantKeys.LoadPublic(options.KeysDirectory, KitFiles.CoordinatorId).SameKeysAs(kit.CoordinatorIdentity));
    }
}
