using FedHybrid.Deployment;
using System.Net;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments;

/// <summary>Turns kits into the options of the coordinator and client runtimes: mutual TLS, the
/// kit's keys, and (for the coordinator) the provisioned clients as the only admissible identities.</summary>
public static class LabDeployment
{
    /// <summary>The coordinator's options for a lab run. The config must name the kit's suite and
    /// exactly the kit's clients (same count, so the same ids).</summary>
    public static SimulationOptions CoordinatorOptions(CoordinatorKit kit, ExperimentConfig config, IPEndPoint listen, SimulationOptions baseOptions, Action<string>? onRejectedCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.Equals(config.Crypto.Suite, kit.Manifest.Suite, StringComparison.OrdinalIgnoreCase))
            throw new ConfigException("crypto.suite", $"the config says '{config.Crypto.Suite}' but the kit in {kit.Directory} was provisioned for '{kit.Manifest.Suite}'");
        var provisioned = kit.AdmittedClients.Clients.Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        if (!provisioned.SequenceEqual(config.Run.ClientIds().Order(StringComparer.Ordinal)))
            throw new ConfigException("run.clients", $"the config has {config.Run.Clients} clients ({string.Join(", ", config.Run.ClientIds())}) but the kit admits {provisioned.Length} ({string.Join(", ", provisioned)}); provision with --clients {config.Run.Clients} or set \"run\": {{ \"clients\": {provisioned.Length} }}");
        return baseOptions with
        {
            ClientLaunch = null,
            Host = new CoordinatorHostOptions { Listen = listen, ConfigureHttps = https => LabTls.ConfigureServer(https, kit, onRejectedCertificate) },
            ProvisionedKeys = new ProvisionedKeys(kit.Directory, kit.CreateIdentityRegistry()),
        };
    }

    /// <summary>A client's options for a lab run: its id, keys and suite from the kit, mutual TLS to the coordinator.</summary>
    public static ClientRunOptions ClientOptions(ClientKit kit, Uri coordinator) =>
        new(coordinator, kit.ClientId, kit.Directory, kit.Manifest.Suite)
        {
            HttpHandlerFactory = () => LabTls.CreateClientHandler(kit),
        };

    /// <summary>A host kit's client as a virtual client of `fedhybrid client-host`: its id and keys from its kit, mutual
    /// TLS with its own certificate; its shard file and state directory as the caller lays them out.</summary>
    public static VirtualClient HostedClient(ClientKit kit, string? partitionFile, string? stateDirectory, string behavior = "honest") =>
        new(kit.ClientId, kit.Directory, partitionFile, stateDirectory, behavior)
        {
            HttpHandlerFactory = () => LabTls.CreateClientHandler(kit),
        };
}
