using System.CommandLine;
using FedHybrid.Cli.Commands;

namespace FedHybrid.Cli;

/// <summary>The `fedhybrid` command: parses, wires, prints. Each subcommand lives in Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Every fedhybrid process trains, evaluates or serves models: keep freed native memory for the next batch.
        FedHybrid.Learning.Runtime.NativeHeap.KeepFreedMemory();
        var root = CreateRootCommand();
        // Our own SIGINT/SIGTERM handling, not System.CommandLine's: the exit status must tell the
        // two apart, and a second signal must still end a stuck process.
        using var signals = new TerminationSignals();
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        int code = root.Parse(args).InvokeAsync(configuration, signals.Token).GetAwaiter().GetResult();
        return signals.ExitStatus(code);
    }

    /// <summary>Every subcommand with its options: what `fedhybrid` parses (deploy/ tests check their command lines against it).</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("FedHybrid: federated learning with hybrid-encrypted updates.");
        foreach (var command in Commands())
            root.Subcommands.Add(command);
        return root;
    }

    static IEnumerable<Command> Commands()
    {
        // One line per subcommand; each Commands/*.cs has a static Create().
        yield return VersionCommand.Create();
        yield return KeysCommand.Create();
        yield return SealCommand.Create();
        yield return OpenCommand.Create();
        yield return TrainCommand.Create();
        yield return SimulateCommand.Create();
        yield return AttackCommand.Create();
        yield return SweepCommand.Create();
        yield return ReportCommand.Create();
        yield return CoordinatorCommand.Create();
        yield return ClientCommand.Create();
        yield return ClientHostCommand.Create();
        yield return ProvisionCommand.Create();
        yield return ServeCommand.Create();
        yield return BenchCommand.Create();
        yield return PrivacyCommand.Create();
    }
}
