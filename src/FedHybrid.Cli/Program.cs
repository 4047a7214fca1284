using System.CommandLine;
using FedHybrid.Cli.Commands;

namespace FedHybrid.Cli;

/// <summary>The `fedhybrid` command: parses, wires, prints. Each subcommand lives in Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("FedHybrid: federated learning with hybrid-encrypted updates.");
        foreach (var command in Commands())
            root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }

    static IEnumerable<Command> Commands()
    {
        // One line per subcommand; each Commands/*.cs has a static Create().
        yield return VersionCommand.Create();
        yield return SimulateCommand.Create();
        yield return CoordinatorCommand.Create();
        yield return ClientCommand.Create();
        yield return ProvisionCommand.Create();
        yield return ServeCommand.Create();
        yield return BenchCommand.Create();
        yield return TrainCommand.Create();
    }
}
