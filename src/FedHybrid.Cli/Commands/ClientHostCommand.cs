using System.CommandLine;
using FedHybrid.Deployment;
using FedHybrid.Experiments;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid client-host`: many virtual clients in one process, each with its own keys, shard, state and sealed traffic.</summary>
public static class ClientHostCommand
{
    public static Command Create()
    {
        var coordinator = ClientCommandOptions.Coordinator();
        var ids = new Option<string?>("--ids") { Description = "The clients this host runs, comma-separated (as provisioned); not with --kit" };
        var keys = new Option<DirectoryInfo?>("--keys") { Description = "Directory with each ID.*.key.pem and coordinator.*.pub.pem; not with --kit" };
        var kit = new Option<DirectoryInfo?>("--kit")
        {
            Description = "Host kit folder made by `fedhybrid provision --hosts`: its clients, their keys, suite and mutual TLS with the lab CA (replaces --ids, --keys and --suite). See docs/deployment.md.",
        };
        var partitions = new Option<DirectoryInfo?>("--partitions") { Description = "Directory with each client's shard as ID.txt (default: the whole training set)" };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Directory under which each client keeps its sealed state in ID/" };
        var suite = ClientCommandOptions.Suite();
        var rekey = ClientCommandOptions.Rekey();
        var data = ClientCommandOptions.Data();
        var workers = new Option<int>("--workers") { Description = "Training workers the clients share", DefaultValueFactory = _ => Environment.ProcessorCount };
        var behavior = new Option<string[]>("--behavior") { Description = "TEST/ATTACK ONLY: ID=NAME, a client's behaviour", Hidden = true, AllowMultipleArgumentsPerToken = false };
        var parent = ClientCommandOptions.ParentPid();
        var giveUp = ClientCommandOptions.GiveUpSeconds();

        var command = new Command("client-host", "Run many virtual clients in one process, each joining, training and submitting sealed updates as its own client.");
        foreach (var option in new Option[] { coordinator, ids, keys, kit, partitions, state, suite, rekey, data, workers, behavior, parent, giveUp })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ClientCommandOptions.CoordinatorUri(result.GetValue(coordinator)) is not { } coordinatorUri)
                return Fail($"--coordinator: '{result.GetValue(coordinator)}' is not an http(s) URL");
            string? kitProblem = null;
            using var hostKit = result.GetValue(kit) is { } kitDirectory ? LoadKit(kitDirectory, out kitProblem) : null;
            if (kitProblem is not null)
                return Fail(kitProblem);
            if (hostKit is not null && (result.GetValue(ids) is not null || result.GetValue(keys) is not null || result.GetResult(suite) is { Implicit: false }))
                return Fail("--kit gives the clients, their keys and the suite; leave out --ids, --keys and --suite");
            if (hostKit is null && (result.GetValue(ids) is null || result.GetValue(keys) is null))
                return Fail("give --kit (a host kit from `fedhybrid provision --hosts`), or --ids and --keys");
            var names = hostKit?.Clients.Select(c => c.ClientId).ToArray()
                ?? result.GetValue(ids)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
                return Fail("--ids: give each client once, comma-separated");
            if (result.GetValue(workers) < 1)
                return Fail($"--workers: {result.GetValue(workers)} is not allowed; at least 1");
            var behaviors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(behavior) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || !names.Contains(parts[0], StringComparer.Ordinal))
                    return Fail($"--behavior: '{pair}' is not ID=NAME for a client of --ids");
                try
                {
                    ClientBehaviors.Create(parts[1]);
                }
                catch (ArgumentException e)
                {
                    return Fail($"--behavior: {e.Message}");
                }
                behaviors[parts[0]] = parts[1];
            }
            string? Under(DirectoryInfo? directory, string name) => directory is null ? null : Path.Combine(directory.FullName, name);
            var clients = hostKit is not null
                ? hostKit.Clients.Select(c => LabDeployment.HostedClient(c, Under(result.GetValue(partitions), c.ClientId + ".txt"),
                    Under(result.GetValue(state), c.ClientId), behaviors.GetValueOrDefault(c.ClientId, "honest"))).ToArray()
                : names.Select(id => new VirtualClient(id, result.GetValue(keys)!.FullName, Under(result.GetValue(partitions), id + ".txt"),
                    Under(result.GetValue(state), id), behaviors.GetValueOrDefault(id, "honest"))).ToArray();
            var options = new ClientHostOptions(coordinatorUri, clients, hostKit?.Manifest.Suite ?? result.GetValue(suite)!)
            {
                Rekey = result.GetValue(rekey),
                DataDirectory = result.GetValue(data)?.FullName,
                Workers = result.GetValue(workers),
                ParentProcessId = result.GetValue(parent),
                GiveUpAfter = TimeSpan.FromSeconds(result.GetValue(giveUp)),
            };
            var code = await ClientHostRunner.RunAsync(options, line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"), cancellationToken);
            return (int)code;
        });
        return command;
    }

    static HostKit? LoadKit(DirectoryInfo directory, out string? problem)
    {
        try
        {
            problem = null;
            return HostKit.Load(directory.FullName);
        }
        catch (KitLoadException e)
        {
            problem = $"--kit: {e.Message}";
            return null;
        }
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
