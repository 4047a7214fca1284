using System.Collections.Concurrent;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client;

/// <summary>
/// Wires a client host: many virtual clients in one process, each a <see cref="FederatedClient"/> with its own keys,
/// shard, state directory and sealed traffic over gRPC, exactly as a client process has. They share the data set
/// (loaded once; a shard is an index list over it), one HTTP/2 connection pool to the coordinator, and a
/// <see cref="TrainingPool"/>; an idle client holds no model and no images (<see cref="PooledTrainer"/>). What a client computes
/// depends only on its id, the run seed and the round, never on which host runs it or when.
/// </summary>
public static class ClientHostRunner
{
    /// <summary>Runs every client to its end; the host's exit code is the worst of theirs (<see cref="ClientExitCode.Finished"/>
    /// when all finished).</summary>
    public static async Task<ClientExitCode> RunAsync(ClientHostOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Clients.Count == 0) throw new ArgumentException("a client host needs at least one client", nameof(options));
        var suite = Suite.Parse(options.Suite);
        var data = await FashionMnist.LoadAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
        log($"client host: {options.Clients.Count} virtual clients, {options.Workers} training worker(s), data from {data.Source.Directory}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ParentProcessId is int parent)
            _ = ClientRunner.WatchParentAsync(parent, stop, log);
        using var pool = new TrainingPool(options.Workers);
        // One connection pool for every client: HTTP/2 multiplexes their calls, opening another connection when
        // the server's stream limit is reached.
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        var parameterCounts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int ParameterCount(string model, int threads) =>
            parameterCounts.GetOrAdd(model, m => pool.Run(() =>
            {
                using var learner = new Learning.Training.LocalLearner(m, threads);
                return learner.ParameterCount;
            }, CancellationToken.None));

        var runs = options.Clients.Select(client => Task.Run(async () =>
        {
            try
            {
                using var keys = ParticipantKeys.Load(client.KeysDirectory, client.Id, suite);
                var coordinator = ParticipantKeys.LoadPublic(client.KeysDirectory, StageEngine.CoordinatorId);
                var shard = client.PartitionFile is null ? null : PartitionFile.Read(client.PartitionFile);
                // Checked now, as Subset would check it, so a bad shard fails at start rather than in its first fit.
                int outside = shard is null ? -1 : Array.FindIndex(shard, i => (uint)i >= (uint)data.Train.Count);
                if (outside >= 0)
                    throw new InvalidDataException($"{client.PartitionFile}: index {shard![outside]} is outside the training set (0..{data.Train.Count - 1})");
                using var crypto = new ClientCrypto(keys, options.Rekey, 1);
                // A client with its own TLS identity keeps one handler (its connection) for all its calls.
                using var own = client.HttpHandlerFactory?.Invoke();
                var federated = ClientRunner.Create(client.Id, coordinator, client.Behavior, client.StateDirectory, options.GiveUpAfter, crypto,
                    () => new GrpcClientChannel(options.Coordinator, own ?? handler),
                    (model, threads) => new PooledTrainer(model, threads, data.Train, shard, ParameterCount(model, threads), pool), log);
                return await federated.RunAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One client whose keys or shard cannot be read (or that fails) must not take the host's others down.
                log($"{client.Id}: failed: {e.Message}");
                return ClientExitCode.Failed;
            }
        }, CancellationToken.None)).ToArray();
        var codes = await Task.WhenAll(runs).ConfigureAwait(false);
        var worst = codes.Max();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        log($"client host: {codes.Count(c => c == ClientExitCode.Finished)} of {codes.Length} clients finished" +
            (worst == ClientExitCode.Finished ? "" : $"; worst exit: {worst}") + $"; peak resident set {self.PeakWorkingSet64 / 1024} KiB");
        return worst;
    }
}
