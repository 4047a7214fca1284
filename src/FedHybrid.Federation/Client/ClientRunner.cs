using System.Diagnostics;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Runtime;

namespace FedHybrid.Federation.Client;

/// <summary>Wires a client process: keys from files, the shard from the data set, the learner, and
/// the runtime; exits when the run ends, the coordinator is gone for good, or the parent dies.</summary>
public static class ClientRunner
{
    public static async Task<ClientExitCode> RunAsync(ClientRunOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var suite = Suite.Parse(options.Suite);
        using var keys = ParticipantKeys.Load(options.KeysDirectory, options.ClientId, suite);
        var coordinator = ParticipantKeys.LoadPublic(options.KeysDirectory, StageEngine.CoordinatorId);
        var data = await FashionMnist.LoadAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
        var shard = options.PartitionFile is null ? data.Train : data.Train.Subset(PartitionFile.Read(options.PartitionFile));
        log($"{options.ClientId}: {shard.Count} training samples from {data.Source.Directory}");
        // Which kernels libtorch runs decides the model bit for bit (run.reproducible pins them).
        log($"{options.ClientId}: libtorch CPU kernels {CpuKernels.AtenCapability()}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ParentProcessId is int parent)
            _ = WatchParentAsync(parent, stop, log);
        using var crypto = new ClientCrypto(keys, options.Rekey, 1);
        var client = Create(options.ClientId, coordinator, options.Behavior, options.StateDirectory, options.GiveUpAfter, crypto,
            () => new GrpcClientChannel(options.Coordinator, options.HttpHandlerFactory?.Invoke()),
            (model, threads) => new LearnerTrainer(model, threads, shard), log);
        return await client.RunAsync(stop.Token).ConfigureAwait(false);
    }

    /// <summary>One client over its loaded keys, as a client process and a client host's virtual client both run it.</summary>
    internal static FederatedClient Create(string clientId, PublicIdentity coordinator, string behavior, string? stateDirectory, TimeSpan giveUpAfter,
        ClientCrypto crypto, Func<IClientChannel> connect, Func<string, int, ILocalTrainer> createTrainer, Action<string> log) =>
        new(new ClientOptions(coordinator)
            {
                Behavior = ClientBehaviors.Create(behavior),
                StateDirectory = stateDirectory,
                GiveUpAfter = giveUpAfter,
            },
            crypto, connect, createTrainer, message => log($"{clientId}: {message}"));

    /// <summary>Cancels <paramref name="stop"/> when process <paramref name="processId"/> exits (the simulation that started us).</summary>
    internal static async Task WatchParentAsync(int processId, CancellationTokenSource stop, Action<string> log)
    {
        try
        {
            using var parent = Process.GetProcessById(processId);
            await parent.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // already gone
        }
        catch (OperationCanceledException)
        {
            return;
        }
        log($"parent process {processId} is gone; exiting");
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
