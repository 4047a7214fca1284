using System.CommandLine;
using FedHybrid.Federation.Client;
using FedHybrid.Deployment;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>The `--kit DIR` option of `fedhybrid coordinator` and `fedhybrid client`: a lab kit from
/// `fedhybrid provision` switches the process to mutual TLS and the kit's keys and identities.</summary>
public static class LabKitOption
{
    public static Option<DirectoryInfo?> Create(string who) => new("--kit")
    {
        Description = $"Lab kit folder made by `fedhybrid provision` ({who}): mutual TLS with the lab CA and the kit's keys. See docs/deployment.md.",
    };

    /// <summary>The coordinator's options with the kit applied; the kit stays loaded for the run.</summary>
    /// <param name="output">Where a refused TLS client is told: a line on stderr, a log event with --json.</param>
    internal static SimulationOptions ApplyToCoordinator(DirectoryInfo kitDirectory, ExperimentConfig config, System.Net.IPEndPoint listen, SimulationOptions options, WorkOutput output)
    {
        var kit = CoordinatorKit.Load(kitDirectory.FullName);
        return LabDeployment.CoordinatorOptions(kit, config, listen, options, problem =>
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} refused a TLS client: {problem}";
            if (output.Mode == OutputMode.Json)
                output.Log(line);
            else
                Console.Error.WriteLine(line);
        });
    }

    /// <summary>A client's run options from its kit; command-line settings other than id, keys and suite are kept.</summary>
    public static ClientRunOptions ApplyToClient(DirectoryInfo kitDirectory, ClientRunOptions commandLine)
    {
        var kit = ClientKit.Load(kitDirectory.FullName);
        var lab = LabDeployment.ClientOptions(kit, commandLine.Coordinator);
        return commandLine with { ClientId = lab.ClientId, KeysDirectory = lab.KeysDirectory, Suite = lab.Suite, HttpHandlerFactory = lab.HttpHandlerFactory };
    }
}
