using System.Globalization;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Live;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Partitioning;

namespace FedHybrid.Experiments;

/// <summary>
/// Runs one experiment on this machine: writes the config, partitions the data, provisions ephemeral
/// keys, starts the coordinator on loopback, spawns one OS process per client, runs the rounds and
/// writes runs/&lt;name&gt;/. Every child is killed if anything goes wrong.
/// </summary>
public sealed class SimulationRunner
{
    readonly ExperimentConfig _config;
    readonly SimulationOptions _options;

    public SimulationRunner(ExperimentConfig config, SimulationOptions options)
    {
        ExperimentConfigLoader.Validate(config);
        _config = PrivacySetup.Calibrate(config);
        _options = options;
        Layout = new RunLayout(Path.Combine(options.RunsDirectory, config.Run.Name));
        Schedule = Schedule.For(config, Environment.ProcessorCount);
    }

    public RunLayout Layout { get; }

    public Schedule Schedule { get; }

    /// <summary>The coordinator's address once it listens.</summary>
    public Uri? CoordinatorAddress { get; private set; }

    /// <summary>The live page's address once it is served (null without <see cref="SimulationOptions.LivePage"/>).</summary>
    public Uri? LivePageAddress { get; private set; }

    /// <summary>The rounds the coordinator recorded (metrics.csv's rows), once <see cref="RunAsync"/> returns.</summary>
    public IReadOnlyList<RoundMetrics> Rounds { get; private set; } = [];

    public async Task<RunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var log = _options.Log;
        var suite = Suite.Parse(_config.Crypto.Suite);
        var rekey = Enum.Parse<RekeyPolicy>(_config.Crypto.Rekey, ignoreCase: true);
        PrepareDirectory();
        if (_config.Run.Reproducible)
            log(ReproducibleKernels.PinCoordinator());
        if (_config.Privacy.Mechanism != PrivacyMechanism.None)
            log(PrivacySetup.Describe(_config));
        if (suite == SuiteId.None)
            log("WARNING: suite 'none' sends models and updates in plaintext (signed, not encrypted). Use it only to measure overhead.");

        var source = ExperimentData.Resolve(_config, _options.DataDirectory);
        var data = await FashionMnist.LoadAsync(source, cancellationToken).ConfigureAwait(false);
        log(data.Description);

        var ids = _config.Run.ClientIds();
        DataPartition partition;
        try
        {
            partition = Partitioner.Parse(_config.Data.Partition).Split(data.Train.Labels, FashionMnist.ClassCount, ids.Count, unchecked((ulong)_config.Run.Seed));
        }
        catch (ArgumentException e)
        {
            // Whether a split exists depends on the data as well as the config (NIID-Bench's per-class Dirichlet needs
            // samples for every client): say so as a config error, in one line.
            throw new ConfigException("data.partition", e.Message.Split(Environment.NewLine)[0]);
        }
        Directory.CreateDirectory(Layout.Partitions);
        for (int i = 0; i < ids.Count; i++)
            PartitionFile.Write(Layout.PartitionFile(ids[i]), partition.ClientIndices[i]);
        AtomicFile.WriteAllText(Layout.PartitionHistogram, partition.ToHistogramCsv());
        var sizes = partition.ClientIndices.Select(c => c.Length).ToArray();
        log(sizes.Length <= 20
            ? $"partition {partition.Spec}: {string.Join(", ", sizes)} samples per client"
            : $"partition {partition.Spec}: {sizes.Min()} to {sizes.Max()} samples per client (mean {sizes.Average():0.#}; {Layout.PartitionHistogram} has each)");

        using var coordinatorKeys = _options.ProvisionedKeys is { } provisioned
            ? ParticipantKeys.Load(provisioned.CoordinatorKeysDirectory, StageEngine.CoordinatorId, suite)
            : ProvisionKeys(suite, ids);
        IIdentityRegistry registry = _options.ProvisionedKeys?.Registry ?? new IdentityRegistry(ids.Select(id => ParticipantKeys.LoadPublic(Layout.Keys, id)));
        using var crypto = new CoordinatorCrypto(coordinatorKeys, rekey, Environment.ProcessorCount);
        using var evaluator = new LearnerEvaluator(_config.Model.Name, Environment.ProcessorCount, unchecked((int)_config.Run.Seed), data.Test);
        if (_options.Resume)
            CheckResumableCheckpoint(crypto, evaluator.ParameterCount);
        var strategy = ExperimentStrategy.Create(_config, RunId());
        var options = new CoordinatorOptions(RunId(), _config.Model.Name, _config.Run.Rounds,
            TimeSpan.FromSeconds(_config.Run.RoundDeadlineSeconds), TimeSpan.FromSeconds(_config.Run.JoinTimeoutSeconds),
            Schedule.ThreadsPerClient, Schedule.ConcurrentClients, Layout.Root)
        {
            Samples = SampleLimitsFor(ids, partition.ClientIndices, data.Train.Count),
            TrainingTimeSlice = Schedule.TimeSlice,
        };
        var engine = new StageEngine(options, strategy, evaluator, crypto, registry, _options.Progress, log: log);

        await using var host = await CoordinatorHost.StartAsync(engine, _options.Host, cancellationToken).ConfigureAwait(false);
        CoordinatorAddress = host.Address;
        log($"coordinator listening on {host.Address} (suite {crypto.Suite}, rekey {_config.Crypto.Rekey}, strategy {_config.Strategy.Name})");
        log($"schedule: {Schedule}");
        var clientAddress = _options.ClientRoute is { } route ? await route(host.Address, cancellationToken).ConfigureAwait(false) : host.Address;
        if (clientAddress != host.Address)
            log($"clients connect through {clientAddress}");
        await using var livePage = _options.LivePage is { } page ? await LivePageHost.StartAsync(_config, engine, page, cancellationToken).ConfigureAwait(false) : null;
        if (livePage is not null)
        {
            LivePageAddress = livePage.Address;
            log($"live page on {livePage.Address} (read-only)");
            if (!System.Net.IPAddress.IsLoopback(_options.LivePage!.Address))
                log($"WARNING: the live page listens on {_options.LivePage}, not loopback: anyone who can reach it reads the run's progress (plain HTTP, no login).");
        }
        await using var health = _options.HealthListen is { } healthListen
            ? await CoordinatorHealthEndpoint.StartAsync(healthListen, cancellationToken).ConfigureAwait(false) : null;
        if (health is not null)
            log($"health (grpc.health.v1, cleartext, nothing else) on {health.Address}");

        using var children = new ClientProcessSet();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.ClientLaunch is { } launch)
        {
            if (_config.Schedule.HostsFor(ids.Count, Environment.ProcessorCount) is { } hosts)
            {
                // Contiguous blocks of the ordinal id order: which host runs a client changes nothing it computes.
                for (int h = 0; h < hosts; h++)
                {
                    var block = ids.Skip(h * ids.Count / hosts).Take((h + 1) * ids.Count / hosts - h * ids.Count / hosts).ToArray();
                    var name = $"host-{h + 1:00}";
                    children.Start(name, launch, HostArguments(block, source.Directory, clientAddress, suite), Layout.LogFile(name), ClientEnvironment.For(Schedule, _config.Run.Reproducible));
                }
                log($"packed {ids.Count} clients into {hosts} client host process(es)");
            }
            else
            {
                foreach (var id in ids)
                    children.Start(id, launch, ClientArguments(id, Layout.Keys, source.Directory, clientAddress, suite), Layout.LogFile(id), ClientEnvironment.For(Schedule, _config.Run.Reproducible));
            }
            for (int i = 1; i <= _config.Attack.UnprovisionedClients; i++)
            {
                var id = $"intruder-{i:00}";
                children.Start(id, launch, ClientArguments(id, Layout.UnprovisionedKeys, source.Directory, clientAddress, suite),
                    Layout.LogFile(id), ClientEnvironment.For(Schedule, _config.Run.Reproducible));
            }
            log($"started {children.Children.Count} client processes (logs in {Layout.Logs})");
            _ = WatchChildrenAsync(children, children.Children.Select(c => c.Id).Where(id => !id.StartsWith("intruder-", StringComparison.Ordinal)).ToArray(), failed);
        }
        else if (_options.ProvisionedKeys is not null)
        {
            log($"waiting for clients; each runs: fedhybrid client --kit CLIENT-KIT --coordinator https://HOST:{host.Address.Port} (HOST: a --coordinator-host of the lab), "
                + $"or each host of kits made with --hosts: fedhybrid client-host --kit HOST-KIT --coordinator https://HOST:{host.Address.Port} --partitions {Layout.Partitions}");
        }
        else
        {
            log($"waiting for clients; each runs: fedhybrid client --coordinator {clientAddress} --id ID --keys {Layout.Keys} --suite {_config.Crypto.Suite} --partition {Layout.Partitions}/ID.txt");
        }

        RunSummary summary;
        try
        {
            summary = await engine.RunAsync(_options.Resume, failed.Token).ConfigureAwait(false);
            Rounds = engine.Rounds.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SimulationFailedException($"every client process exited before the run finished; see {Layout.Logs}");
        }
        catch (OperationCanceledException)
        {
            children.KillAll();
            throw new SimulationCancelledException(Layout.Root, CheckpointedRound(crypto), cancellationToken);
        }
        if (_options.ClientLaunch is not null && !await children.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            log("some clients did not exit after the run finished; stopping them");
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
            log($"coordinator: peak resident set {self.PeakWorkingSet64 / 1024} KiB");
        if (summary.RoundsAggregated == 0)
            throw new SimulationFailedException($"no round reached its quorum of {_config.Strategy.Options.MinUpdates} accepted update(s); see {Layout.Clients} and {Layout.Logs}");
        return summary;
    }

    void PrepareDirectory()
    {
        if (_options.Resume)
        {
            if (!File.Exists(Layout.Config))
                throw new SimulationFailedException($"nothing to resume: {Layout.Config} does not exist");
            var saved = ExperimentConfigLoader.Load(Layout.Config);
            if (ExperimentConfigLoader.ToJson(saved) != ExperimentConfigLoader.ToJson(_config))
                throw new SimulationFailedException($"the config differs from the one {Layout.Root} was started with; resume with that config");
            return;
        }
        if (RunFolderContents.Describe(Layout) is { } existing)
        {
            if (!_options.Overwrite)
                throw new RunFolderExistsException(Layout.Root, existing);
            _options.Log($"--overwrite: removing {Layout.Root}: {existing}");
            Directory.Delete(Layout.Root, recursive: true);
        }
        Directory.CreateDirectory(Layout.Root);
        AtomicFile.WriteAllText(Layout.Config, ExperimentConfigLoader.ToJson(_config));
    }

    /// <summary>Opens the checkpoint a resumed run continues from before any client starts, so a
    /// tampered, foreign or wrong-shaped one is refused in one line and nothing runs.</summary>
    void CheckResumableCheckpoint(ICoordinatorCrypto crypto, int parameterCount)
    {
        var store = new CheckpointStore(Layout.Root, crypto);
        if (!store.Exists)
            return;
        CoordinatorCheckpoint checkpoint;
        try
        {
            checkpoint = store.Load();
        }
        catch (Exception e) when (e is Crypto.CryptoException or Federation.Payloads.MalformedPayloadException or System.Text.Json.JsonException)
        {
            throw new CheckpointRejectedException(store.Path, $"it does not open with the coordinator's key as a checkpoint ({e.Message})");
        }
        if (checkpoint.RunId != RunId())
            throw new CheckpointRejectedException(store.Path, $"it belongs to run '{checkpoint.RunId}', not '{RunId()}'");
        if (checkpoint.Weights.Length != parameterCount)
            throw new CheckpointRejectedException(store.Path, $"it holds {checkpoint.Weights.Length} parameters, {_config.Model.Name} has {parameterCount}");
    }

    /// <summary>The round the checkpoint on disk completed, or null when there is none (or it does not open).</summary>
    int? CheckpointedRound(ICoordinatorCrypto crypto)
    {
        var store = new CheckpointStore(Layout.Root, crypto);
        try
        {
            return store.Exists ? store.Load().Round : null;
        }
        catch (Exception e) when (e is Crypto.CryptoException or Federation.Payloads.MalformedPayloadException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    ParticipantKeys ProvisionKeys(SuiteId suite, IReadOnlyList<string> ids)
    {
        if (_options.Resume && File.Exists(Path.Combine(Layout.Keys, $"{StageEngine.CoordinatorId}.signing.key.pem")))
            return ParticipantKeys.Load(Layout.Keys, StageEngine.CoordinatorId, suite);
        var signature = Crypto.Signatures.SignatureAlgorithms.Parse(_config.Crypto.Signature);
        var coordinator = ParticipantKeys.Generate(StageEngine.CoordinatorId, suite, signature);
        coordinator.Save(Layout.Keys);
        foreach (var id in ids)
        {
            using var keys = ParticipantKeys.Generate(id, suite, signature);
            keys.Save(Layout.Keys);
        }
        for (int i = 1; i <= _config.Attack.UnprovisionedClients; i++)
        {
            using var keys = ParticipantKeys.Generate($"intruder-{i:00}", suite, signature);
            keys.Save(Layout.UnprovisionedKeys);
        }
        if (_config.Attack.UnprovisionedClients > 0)
            ParticipantKeys.SavePublic(coordinator.Public, Layout.UnprovisionedKeys);
        return coordinator;
    }

    /// <summary>Clients this run launches train on the partition it made them, so each may claim at most
    /// its partition's size; clients started elsewhere (a lab) bring their own data, bounded by the training set.</summary>
    SampleLimits SampleLimitsFor(IReadOnlyList<string> ids, IReadOnlyList<int[]> partitions, int trainingSetSize) =>
        _options.ClientLaunch is null
            ? new SampleLimits(trainingSetSize)
            : new SampleLimits(trainingSetSize, ids.Select((id, i) => (id, (long)partitions[i].Length)).ToDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal));

    string RunId() => $"{_config.Run.Name}-{_config.Run.Seed.ToString(CultureInfo.InvariantCulture)}";

    IEnumerable<string> ClientArguments(string id, string keys, string dataDirectory, Uri coordinator, SuiteId suite)
    {
        var arguments = new List<string>
        {
            "client", "--coordinator", coordinator.ToString(), "--id", id, "--keys", keys, "--suite", Suite.NameOf(suite),
            "--rekey", _config.Crypto.Rekey, "--data", dataDirectory, "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        var partitionFile = Layout.PartitionFile(id);
        arguments.AddRange(["--partition", File.Exists(partitionFile) ? partitionFile : Layout.PartitionFile(_config.Run.ClientIds()[0])]);
        arguments.AddRange(["--state", Layout.ClientState(id)]);
        if (_config.Attack.Behaviors.TryGetValue(id, out var behavior))
            arguments.AddRange(["--behavior", behavior]);
        return arguments;
    }

    /// <summary>A client host's arguments: its clients, their keys, shards and state, as <see cref="ClientArguments"/> gives one client.</summary>
    IEnumerable<string> HostArguments(IReadOnlyList<string> clients, string dataDirectory, Uri coordinator, SuiteId suite)
    {
        var arguments = new List<string>
        {
            "client-host", "--coordinator", coordinator.ToString(), "--ids", string.Join(",", clients), "--keys", Layout.Keys,
            "--partitions", Layout.Partitions, "--state", Layout.ClientStates, "--suite", Suite.NameOf(suite), "--rekey", _config.Crypto.Rekey,
            "--data", dataDirectory, "--workers", Schedule.ConcurrentClients.ToString(CultureInfo.InvariantCulture),
            "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var id in clients)
            if (_config.Attack.Behaviors.TryGetValue(id, out var behavior))
                arguments.AddRange(["--behavior", $"{id}={behavior}"]);
        return arguments;
    }

    static async Task WatchChildrenAsync(ClientProcessSet children, IReadOnlyList<string> ids, CancellationTokenSource failed)
    {
        var provisioned = children.Children.Where(c => ids.Contains(c.Id)).Select(c => c.Process.WaitForExitAsync()).ToArray();
        await Task.WhenAll(provisioned).ConfigureAwait(false);
        // Every provisioned client is gone: the engine would only wait for deadlines. Give it a moment
        // to finish on its own (the normal end), then stop it.
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        try
        {
            failed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
