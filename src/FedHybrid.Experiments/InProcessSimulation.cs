using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Partitioning;

namespace FedHybrid.Experiments;

/// <summary>
/// A whole experiment in one process: the coordinator's stage engine and every client as a
/// <see cref="FederatedClient"/> over an in-process channel, each with its own keys, shard and sealed,
/// signed traffic, training its real model; only the sockets and the client processes are left out. It
/// lets a benchmark run a hundred clients where a hundred processes would not fit in memory.
/// </summary>
public static class InProcessSimulation
{
    /// <param name="handlers">Each client's stage handlers by client id (the default set when null): where a
    /// benchmark makes clients drop out.</param>
    /// <remarks>Clients named in the config's <c>attack.behaviors</c> misbehave as they would as processes.</remarks>
    public static async Task<InProcessRunResult> RunAsync(
        ExperimentConfig config, string directory, Func<string, IEnumerable<IStageHandler>>? handlers, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ExperimentConfigLoader.Validate(config);
        // As SimulationRunner does: a target epsilon becomes its noise multiplier, and distributed DP is checked for the model.
        config = PrivacySetup.Calibrate(config);
        var suite = Suite.Parse(config.Crypto.Suite);
        var rekey = Enum.Parse<RekeyPolicy>(config.Crypto.Rekey, ignoreCase: true);
        var signature = Crypto.Signatures.SignatureAlgorithms.Parse(config.Crypto.Signature);
        if (config.Run.Reproducible)
            log(ReproducibleKernels.PinCoordinator());
        var dataDirectory = config.Data.Source switch
        {
            "bundled" => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset"),
            "auto" => null,
            var given => given,
        };
        var data = await FashionMnist.LoadAsync(FashionMnist.Resolve(dataDirectory), cancellationToken).ConfigureAwait(false);
        var ids = config.Run.ClientIds();
        var partition = Partitioner.Parse(config.Data.Partition).Split(data.Train.Labels, FashionMnist.ClassCount, ids.Count, unchecked((ulong)config.Run.Seed));
        var schedule = Schedule.For(config, Environment.ProcessorCount);
        string runId = $"{config.Run.Name}-{config.Run.Seed}";
        log($"in-process run '{config.Run.Name}': {ids.Count} clients, {config.Model.Name}, {schedule}");

        Directory.CreateDirectory(directory);
        var owned = new List<IDisposable>();
        try
        {
            var coordinatorKeys = Own(owned, ParticipantKeys.Generate(StageEngine.CoordinatorId, suite, signature));
            var coordinator = Own(owned, new CoordinatorCrypto(coordinatorKeys, rekey, Environment.ProcessorCount));
            var clients = ids.Select(id => Own(owned, new ClientCrypto(Own(owned, ParticipantKeys.Generate(id, suite, signature)), rekey, 1))).ToArray();
            var registry = new IdentityRegistry(clients.Select(c => c.Identity));
            using var evaluator = new LearnerEvaluator(config.Model.Name, Environment.ProcessorCount, unchecked((int)config.Run.Seed), data.Test);
            var options = new CoordinatorOptions(runId, config.Model.Name, config.Run.Rounds, TimeSpan.FromSeconds(config.Run.RoundDeadlineSeconds),
                TimeSpan.FromSeconds(config.Run.JoinTimeoutSeconds), schedule.ThreadsPerClient, schedule.ConcurrentClients, directory)
            {
                Samples = new SampleLimits(data.Train.Count),
                // No turns: these clients share one process and libtorch's threads, and a client resuming its fit after
                // another's turn computed different bits with 2 threads a client (client processes do not share them).
                TrainingTimeSlice = TimeSpan.Zero,
            };
            var engine = new StageEngine(options, ExperimentStrategy.Create(config, runId), evaluator, coordinator, registry);
            var endpoint = new CoordinatorEndpoint(engine);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // A client that throws (rather than skipping a task) would leave the engine waiting out every deadline: fail the run instead.
            var clientFailed = new TaskCompletionSource<(string Id, Exception Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = clients.Select((crypto, i) =>
            {
                var shard = data.Train.Subset(partition.ClientIndices[i]);
                var behavior = config.Attack.Behaviors.TryGetValue(ids[i], out var name) ? ClientBehaviors.Create(name) : new HonestBehavior();
                var clientOptions = new ClientOptions(coordinator.Identity) { GiveUpAfter = TimeSpan.FromSeconds(config.Run.JoinTimeoutSeconds), Behavior = behavior };
                var client = new FederatedClient(clientOptions,
                    crypto, () => new InProcessClientChannel(endpoint), (model, threads) => new LearnerTrainer(model, threads, shard),
                    handlers: handlers?.Invoke(ids[i]));
                string id = ids[i];
                return Task.Run(async () =>
                {
                    try
                    {
                        return await client.RunAsync(stop.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        clientFailed.TrySetResult((id, e));
                        throw;
                    }
                }, cancellationToken);
            }).ToArray();
            try
            {
                var run = engine.RunAsync(resume: false, stop.Token);
                if (await Task.WhenAny(run, clientFailed.Task).ConfigureAwait(false) != run)
                {
                    var (id, error) = await clientFailed.Task.ConfigureAwait(false);
                    await stop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(run).ConfigureAwait(false);
                    throw new SimulationFailedException($"in-process run '{config.Run.Name}': client {id} failed: {error.Message}", error);
                }
                var summary = await run.ConfigureAwait(false);
                return new InProcessRunResult(summary, engine.Rounds.ToArray(), engine.ClientRecords.ToArray(), engine.FinalWeights!);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                // The failed client's exception is the one reported above; the others end cancelled.
                await Task.WhenAny(Task.WhenAll(running)).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var disposable in Enumerable.Reverse(owned))
                disposable.Dispose();
        }
    }

    static T Own<T>(List<IDisposable> owned, T disposable) where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }
}
