using System.CommandLine;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Experiments;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid client`: one federated client process.</summary>
public static class ClientCommand
{
    public static Command Create()
    {
        var coordinator = ClientCommandOptions.Coordinator();
        var id = new Option<string>("--id") { Description = "This client's id (as provisioned; not with --kit)" };
        var keys = new Option<DirectoryInfo>("--keys") { Description = "Directory with ID.*.key.pem and coordinator.*.pub.pem (not with --kit)" };
        var kit = LabKitOption.Create("a client-NN folder");
        var suite = ClientCommandOptions.Suite();
        var rekey = ClientCommandOptions.Rekey();
        var data = ClientCommandOptions.Data();
        var partition = new Option<FileInfo?>("--partition") { Description = "File of training-set indices, one a line (default: the whole training set)" };
        var behavior = new Option<string>("--behavior")
        {
            Description = "TEST/ATTACK ONLY: honest, corrupt-byte, replay-previous, crash-mid-round",
            DefaultValueFactory = _ => "honest",
            Hidden = true,
        };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Directory for state kept across rounds, sealed to this client's key (SCAFFOLD's control variate)" };
        var parent = ClientCommandOptions.ParentPid();
        var giveUp = ClientCommandOptions.GiveUpSeconds();

        var command = new Command("client", "Run a federated client: join, train on local data, submit sealed updates.");
        foreach (var option in new Option[] { coordinator, id, keys, kit, suite, rekey, data, partition, behavior, state, parent, giveUp })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ClientCommandOptions.CoordinatorUri(result.GetValue(coordinator)) is not { } coordinatorUri)
            {
                Console.Error.WriteLine($"error: --coordinator: '{result.GetValue(coordinator)}' is not an http(s) URL");
                return 1;
            }
            try
            {
                ClientBehaviors.Create(result.GetValue(behavior)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: --behavior: {e.Message}");
                return 1;
            }
            if (result.GetValue(kit) is null && (result.GetValue(id) is null || result.GetValue(keys) is null))
            {
                Console.Error.WriteLine("error: give --kit DIR (lab), or both --id and --keys");
                return 1;
            }
            var options = new ClientRunOptions(coordinatorUri, result.GetValue(id) ?? "", result.GetValue(keys)?.FullName ?? "", result.GetValue(suite)!)
            {
                Rekey = result.GetValue(rekey),
                DataDirectory = result.GetValue(data)?.FullName,
                PartitionFile = result.GetValue(partition)?.FullName,
                Behavior = result.GetValue(behavior)!,
                StateDirectory = result.GetValue(state)?.FullName,
                ParentProcessId = result.GetValue(parent),
                GiveUpAfter = TimeSpan.FromSeconds(result.GetValue(giveUp)),
            };
            if (result.GetValue(kit) is { } kitDirectory)
            {
                try
                {
                    options = LabKitOption.ApplyToClient(kitDirectory, options);
                }
                catch (Exception e) when (e is FedHybrid.Deployment.KitLoadException or FedHybrid.Crypto.CryptoException)
                {
                    Console.Error.WriteLine($"error: --kit: {e.Message}");
                    return 1;
                }
            }
            if (result.GetValue(behavior) != "honest")
                Console.Error.WriteLine($"WARNING: misbehaving on purpose ({result.GetValue(behavior)}): for tests and attacks only");
            var code = await ClientRunner.RunAsync(options, line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"), cancellationToken);
            return (int)code;
        });
        return command;
    }
}
