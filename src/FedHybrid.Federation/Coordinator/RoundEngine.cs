using System.Diagnostics;
using System.Text.Json;
using FedHybrid.Aggregation;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The coordinator's round state machine. Each round: select (strategy), seal and publish the global
/// model once for all selected clients, push fit tasks, collect and check updates until all arrive or
/// the deadline passes, aggregate if the quorum is met, optionally run the evaluate stage, evaluate
/// centrally, record metrics, checkpoint. The gRPC service only translates calls into this class.
/// </summary>
public sealed class RoundEngine
{
    public const string CoordinatorId = "coordinator";
    public const string FinalModelFile = "final-model.sealed";

    readonly CoordinatorOptions _options;
    readonly Strategy _strategy;
    readonly IModelEvaluator _evaluator;
    readonly ICoordinatorCrypto _crypto;
    readonly IIdentityRegistry _identities;
    readonly CheckpointStore _checkpoints;
    readonly ReplayJournal _journal;
    readonly IProgress<RunProgress>? _progress;
    readonly TimeProvider _time;
    readonly Lock _lock = new();
    readonly Dictionary<string, PublishedModel> _models = new(StringComparer.Ordinal);
    readonly List<RoundMetrics> _rounds = [];
    readonly List<ClientRoundRecord> _clientRecords = [];
    ReplayGuard _replays;
    UpdateValidator _validator;
    OpenRound? _open;
    EvaluationCollection? _evaluation;
    double? _lastAccuracy;

    /// <param name="log">Receives coordinator events worth a line in the run's log (refused joins).</param>
    public RoundEngine(CoordinatorOptions options, Strategy strategy, IModelEvaluator evaluator, ICoordinatorCrypto crypto,
        IIdentityRegistry identities, IProgress<RunProgress>? progress = null, TimeProvider? time = null, Action<string>? log = null)
    {
        _options = options;
        _strategy = strategy;
        _evaluator = evaluator;
        _crypto = crypto;
        _identities = identities;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        Sessions = new SessionRegistry(identities, new JoinChallenges(options.JoinChallengeLifetime, _time), options.RunId, crypto.Suite);
        JoinRefusals = new JoinRefusalCounter(log);
        _checkpoints = new CheckpointStore(options.OutputDirectory, crypto);
        _journal = new ReplayJournal(options.OutputDirectory);
        Slots = new TrainingSlots(options.TrainingSlots);
        (_replays, _validator) = Guard([]);
    }

    public SessionRegistry Sessions { get; }

    public JoinRefusalCounter JoinRefusals { get; }

    public TrainingSlots Slots { get; }

    public CoordinatorOptions Options => _options;

    public string Suite => _crypto.Suite;

    public PublicIdentity Identity => _crypto.Identity;

    public int ParameterCount => _evaluator.ParameterCount;

    public long MaxUpdateBytes => (long)UpdatePayload.EncodedSize(_evaluator.ParameterCount) + _options.EnvelopeOverheadBytes;

    public long MaxModelBytes => (long)UpdatePayload.EncodedSize(_evaluator.ParameterCount) + _options.EnvelopeOverheadBytes
        + 4096L * Math.Max(1, _identities.ClientIds.Count);

    /// <summary>The largest gRPC message the coordinator receives or sends: a chunk plus room for the metadata.</summary>
    public int MaxMessageBytes => _options.MaxChunkBytes + 64 * 1024;

    public PublishedModel? FindModel(string modelId)
    {
        lock (_lock)
            return _models.GetValueOrDefault(modelId);
    }

    /// <summary>Runs every remaining round and writes the run's outputs. With <paramref name="resume"/>,
    /// continues after the last checkpointed round.</summary>
    public async Task<RunSummary> RunAsync(bool resume, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        float[] global;
        int startRound = 0;
        // Ids journalled in an interrupted round stay seen after a restart; a new run starts empty.
        IReadOnlyList<string> journalled = resume ? _journal.Load() : [];
        if (!resume)
            _journal.Clear();
        (_replays, _validator) = Guard(journalled);
        if (resume && _checkpoints.Exists)
        {
            var checkpoint = _checkpoints.Load();
            if (checkpoint.RunId != _options.RunId)
                throw new InvalidOperationException($"the checkpoint belongs to run '{checkpoint.RunId}', not '{_options.RunId}'");
            if (checkpoint.Weights.Length != _evaluator.ParameterCount)
                throw new InvalidOperationException($"the checkpoint has {checkpoint.Weights.Length} parameters, the model {_evaluator.ParameterCount}");
            global = checkpoint.Weights;
            startRound = checkpoint.Round;
            (_replays, _validator) = Guard(checkpoint.SeenEnvelopes.Concat(journalled));
            _rounds.AddRange(checkpoint.Rounds);
            _clientRecords.AddRange(checkpoint.Clients);
            _lastAccuracy = checkpoint.Rounds.Count > 0 ? checkpoint.Rounds[^1].TestAccuracy : null;
        }
        else
        {
            global = _strategy.InitializeParameters() ?? _evaluator.InitialWeights();
        }
        if (global.Length != _evaluator.ParameterCount)
            throw new InvalidOperationException($"initial parameters have {global.Length} values, the model {_evaluator.ParameterCount}");

        for (int round = startRound + 1; round <= _options.Rounds; round++)
            global = await RunRoundAsync(round, global, cancellationToken).ConfigureAwait(false);

        Sessions.Broadcast(new RoundTask { RunId = _options.RunId, Round = (uint)_options.Rounds, Stage = Stage.Finished });
        Report(_options.Rounds, "finished", 0, 0, 0, 0);
        return WriteSummary(global, startRound, wall.Elapsed);
    }

    /// <summary>A replay guard that starts with <paramref name="seen"/> and journals every new id, and the validator over it.</summary>
    (ReplayGuard, UpdateValidator) Guard(IEnumerable<string> seen)
    {
        var replays = new ReplayGuard(seen, _journal);
        return (replays, new UpdateValidator(_crypto, replays, _options.RunId, _evaluator.ParameterCount, MaxUpdateBytes, _options.Samples, _options.RoundDeadline));
    }

    async Task<float[]> RunRoundAsync(int round, float[] global, CancellationToken cancellationToken)
    {
        var roundClock = Stopwatch.StartNew();
        Report(round, "waiting for clients", 0, 0, 0, 0);
        await Sessions.WaitForJoinedAsync(_identities.ClientIds.Count, _options.JoinTimeout, cancellationToken).ConfigureAwait(false);

        var phase = Stopwatch.StartNew();
        var plan = _strategy.ConfigureFit(round, _identities.ClientIds);
        double selectMs = Elapsed(phase);

        phase.Restart();
        var model = Publish(round, "fit", global, plan.Clients);
        double sealPublishMs = Elapsed(phase);

        var open = new OpenRound(round, plan.Clients, _time.GetUtcNow() + _options.RoundDeadline, model.ModelId, model.Envelope.Length);
        lock (_lock)
            _open = open;
        var task = NewTask(round, Stage.Fit, model);
        foreach (var id in plan.Clients)
            Sessions.Find(id)?.Push(task);
        Report(round, "training", plan.Clients.Count, 0, 0, 0);

        await WaitUntilAsync(open.AllIn.Task, open.Deadline, cancellationToken).ConfigureAwait(false);
        FitResult[] accepted;
        lock (_lock)
        {
            open.Closed = true;
            accepted = open.Accepted.Values.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
        }
        foreach (var session in Sessions.All)
            session.Clear((uint)round, Stage.Fit);

        phase.Restart();
        bool aggregated = accepted.Length > 0 && accepted.Length >= _options.MinUpdates;
        if (aggregated)
        {
            // Each delta is finite, yet their sum with the model can still overflow: keep the old model then.
            var candidate = _strategy.AggregateFit(round, global, accepted);
            // (metrics.csv then shows the round as not aggregated).
            aggregated = VectorMath.AllFinite(candidate);
            if (aggregated)
                global = candidate;
        }
        double aggregateMs = Elapsed(phase);

        var evaluatePlan = _strategy.ConfigureEvaluate(round, _identities.ClientIds);
        EvaluationSummary? federatedEvaluation = null;
        EvaluationCollection? evaluationStage = null;
        if (evaluatePlan.Clients.Count > 0)
            (federatedEvaluation, evaluationStage) = await RunEvaluateStageAsync(round, global, evaluatePlan, cancellationToken).ConfigureAwait(false);

        phase.Restart();
        var evaluation = _strategy.Evaluate(round, global) ?? federatedEvaluation;
        double evaluateMs = Elapsed(phase);
        _lastAccuracy = evaluation?.Accuracy ?? _lastAccuracy;

        RecordRound(open, evaluationStage, aggregated, evaluation, global, selectMs, sealPublishMs, aggregateMs, evaluateMs, roundClock);
        _checkpoints.Save(new CoordinatorCheckpoint(_options.RunId, round, global, _replays.Snapshot(), _rounds.ToArray(), _clientRecords.ToArray()));
        _journal.Clear(); // the checkpoint now holds every id (a crash just before this only duplicates ids)
        WriteTables();
        lock (_lock)
            _models.Remove(model.ModelId);
        return global;
    }

    PublishedModel Publish(int round, string stage, float[] weights, IReadOnlyList<string> recipientIds)
    {
        var recipients = recipientIds.Select(id => _identities.Find(id)
            ?? throw new InvalidOperationException($"strategy selected unknown client '{id}'")).ToArray();
        var envelope = _crypto.SealModel(new EnvelopeContext(_options.RunId, round, CoordinatorId), ModelPayload.Encode(weights), recipients);
        var model = new PublishedModel($"{_options.RunId}/r{round}/{stage}", round, envelope, new HashSet<string>(recipientIds, StringComparer.Ordinal));
        lock (_lock)
            _models[model.ModelId] = model;
        return model;
    }

    RoundTask NewTask(int round, Stage stage, PublishedModel model) => new()
    {
        RunId = _options.RunId,
        Round = (uint)round,
        Stage = stage,
        ModelId = model.ModelId,
        ModelBytes = (ulong)model.Envelope.Length,
        Training = new TrainingConfig
        {
            Epochs = (uint)_options.Training.Epochs,
            BatchSize = (uint)_options.Training.BatchSize,
            LearningRate = _options.Training.LearningRate,
            Momentum = _options.Training.Momentum,
            WeightDecay = _options.Training.WeightDecay,
            ProximalMu = _options.Training.ProximalMu,
            RunSeed = _options.Seed,
        },
    };

    /// <summary>How long from now <paramref name="task"/>'s stage still takes submissions; zero once it
    /// closed. Sent with every task as a duration, so a client whose clock is off keeps the real deadline.</summary>
    public TimeSpan TimeLeft(RoundTask task)
    {
        DateTimeOffset? deadline;
        lock (_lock)
            deadline = task.Stage switch
            {
                Stage.Fit when _open is { Closed: false } open && (uint)open.Round == task.Round => open.Deadline,
                Stage.Evaluate when _evaluation is { Closed: false } stage && (uint)stage.Round == task.Round => stage.Deadline,
                _ => null,
            };
        var left = deadline - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left.Value : TimeSpan.Zero;
    }

    async Task WaitUntilAsync(Task done, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var remaining = deadline - _time.GetUtcNow();
        if (remaining < TimeSpan.Zero)
            remaining = TimeSpan.Zero;
        var timeout = Task.Delay(remaining, _time, cancellationToken);
        await Task.WhenAny(done, timeout).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A model download finished: counts the bytes sent to <paramref name="clientId"/>.</summary>
    public void RecordDownload(string clientId, string modelId, long bytes)
    {
        lock (_lock)
            if (_open is { Closed: false } open && open.ModelId == modelId)
                open.BytesDown[clientId] = open.BytesDown.GetValueOrDefault(clientId) + bytes;
    }

    /// <summary>Checks a submitted update and, if it passes, keeps it for aggregation.</summary>
    public UpdateVerdict Submit(ClientSession session, int round, ReadOnlySpan<byte> envelope, ClientReport report, double uploadMs)
    {
        var (open, verdict) = Admit(session, round);
        // What the client says about its work is checked like its delta (and first: it costs nothing).
        if (verdict is null)
            verdict = _validator.CheckReport(report);
        double openCheckMs = 0;
        if (verdict is null)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                verdict = _validator.Validate(session.Identity, round, envelope);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever a malformed update throws, it is rejected and counted: it must not stall the round.
                verdict = UpdateVerdict.Reject(UpdateRejection.Malformed, $"{e.GetType().Name}: {e.Message}");
            }
            openCheckMs = Elapsed(clock);
        }
        Record(open, session, round, verdict, report, uploadMs, openCheckMs, envelope.Length);
        return verdict;
    }

    /// <summary>Counts an upload the service refused before its envelope could be checked (declared
    /// too large, longer or shorter than declared, a second upload while one is in progress) like any
    /// other rejection. It uses up the client's submission for the round, except a concurrent
    /// <see cref="UpdateRejection.Duplicate"/>, which must not spoil the upload in progress.</summary>
    public UpdateVerdict Refuse(ClientSession session, int round, UpdateRejection reason, string detail, ClientReport report, double uploadMs, long bytesUp)
    {
        OpenRound? open;
        UpdateVerdict? verdict = null;
        if (reason == UpdateRejection.Duplicate)
            lock (_lock)
                open = _open;
        else
            (open, verdict) = Admit(session, round);
        verdict ??= UpdateVerdict.Reject(reason, detail);
        Record(open, session, round, verdict, report, uploadMs, 0, bytesUp);
        return verdict;
    }

    /// <summary>The round an update for <paramref name="round"/> belongs to, and a rejection if it may not be
    /// submitted now (late, not selected, already submitted); null rejection = this is the client's submission.</summary>
    (OpenRound? Open, UpdateVerdict? Rejection) Admit(ClientSession session, int round)
    {
        OpenRound? open;
        lock (_lock)
            open = _open;
        if (open is null || open.Round != round || open.Closed || _time.GetUtcNow() > open.Deadline)
            return (open, UpdateVerdict.Reject(UpdateRejection.Late, open is null ? "no round is open" : $"round {round} is not open for updates"));
        if (!open.Selected.Contains(session.ClientId))
            return (open, UpdateVerdict.Reject(UpdateRejection.NotSelected, $"'{session.ClientId}' is not selected in round {round}"));
        lock (_lock)
            return open.Submitted.Add(session.ClientId) ? (open, null)
                : (open, UpdateVerdict.Reject(UpdateRejection.Duplicate, $"'{session.ClientId}' already submitted in round {round}"));
    }

    /// <summary>Counts <paramref name="verdict"/> in its round's metrics and clients.csv row, and keeps an accepted update.</summary>
    void Record(OpenRound? open, ClientSession session, int round, UpdateVerdict verdict, ClientReport report, double uploadMs, double openCheckMs, long bytesUp)
    {
        // clients.csv keeps what the client reported only if every value passed its check.
        if (_validator.CheckReport(report) is not null)
            report = ClientReport.Unknown;
        if (open is not null && open.Round == round)
        {
            lock (_lock)
            {
                if (!open.Closed)
                {
                    if (verdict.Accepted)
                        open.Accepted[session.ClientId] = new FitResult(session.ClientId, verdict.Delta!, verdict.SampleCount);
                    else
                        open.Rejections.Add(verdict.Reason!.Value);
                    if (verdict.Accepted || verdict.Reason is not (UpdateRejection.Duplicate or UpdateRejection.NotSelected))
                        open.Records[session.ClientId] = new ClientRoundRecord(round, session.ClientId,
                            verdict.Accepted ? "accepted" : "rejected", verdict.Reason?.ToName() ?? "", verdict.Detail,
                            verdict.SampleCount, report.TrainLoss, report.SlotWaitMs, report.DownloadMs, report.OpenMs, report.TrainMs,
                            report.SealMs, uploadMs, openCheckMs, open.BytesDown.GetValueOrDefault(session.ClientId), bytesUp);
                    // All in once every selected client's update has been checked (not merely
                    // received: a check still running must not be cut off by the round closing).
                    if (verdict.Accepted || verdict.Reason is not (UpdateRejection.Duplicate or UpdateRejection.NotSelected or UpdateRejection.Late))
                        open.Checked.Add(session.ClientId);
                    if (open.Selected.All(open.Checked.Contains))
                        open.AllIn.TrySetResult();
                }
                else if (!verdict.Accepted)
                {
                    open.Rejections.Add(verdict.Reason!.Value);
                }
            }
            Report(round, "training", open.Selected.Count, open.Submitted.Count, open.Accepted.Count, open.Rejections.Count);
        }
        session.Clear((uint)round, Stage.Fit);
    }

    async Task<(EvaluationSummary?, EvaluationCollection)> RunEvaluateStageAsync(int round, float[] global, EvaluatePlan plan, CancellationToken cancellationToken)
    {
        var model = Publish(round, "evaluate", global, plan.Clients);
        var deadline = _time.GetUtcNow() + _options.RoundDeadline;
        var collection = new EvaluationCollection(round, plan.Clients, deadline);
        lock (_lock)
            _evaluation = collection;
        var task = NewTask(round, Stage.Evaluate, model);
        foreach (var id in plan.Clients)
            Sessions.Find(id)?.Push(task);
        Report(round, "evaluating", plan.Clients.Count, 0, 0, 0);
        await WaitUntilAsync(collection.AllIn.Task, deadline, cancellationToken).ConfigureAwait(false);
        ClientEvaluation[] results;
        lock (_lock)
        {
            // Kept (closed) so that a report arriving now is still counted, as late.
            collection.Closed = true;
            _models.Remove(model.ModelId);
            results = collection.Results.Values.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
        }
        foreach (var session in Sessions.All)
            session.Clear((uint)round, Stage.Evaluate);
        return (_strategy.AggregateEvaluate(round, results), collection);
    }

    /// <summary>Checks and records a client's evaluation of the global model. Like an update, a report
    /// is refused when none was asked of the client, a second time, late, or with a value that fails
    /// its check; each refusal of the round's stage is counted in metrics.csv's evaluation_rejections.</summary>
    public UpdateVerdict ReportEvaluation(ClientSession session, int round, EvaluationSummary summary)
    {
        UpdateVerdict verdict;
        lock (_lock)
        {
            if (_evaluation is not { } collection || collection.Round != round)
                return UpdateVerdict.Reject(UpdateRejection.Late, $"no evaluation of round {round} is open");
            string id = session.ClientId;
            verdict = collection.Closed || _time.GetUtcNow() > collection.Deadline
                    ? UpdateVerdict.Reject(UpdateRejection.Late, $"the evaluation of round {round} is closed")
                : !collection.Clients.Contains(id) ? UpdateVerdict.Reject(UpdateRejection.NotSelected, $"'{id}' is not asked to evaluate round {round}")
                : !collection.Reported.Add(id) ? UpdateVerdict.Reject(UpdateRejection.Duplicate, $"'{id}' already reported its evaluation of round {round}")
                : _validator.CheckEvaluation(id, summary) ?? UpdateVerdict.Accept([], summary.Count);
            if (verdict.Accepted)
                collection.Results.Add(id, new ClientEvaluation(id, summary));
            else
                collection.Rejections.Add(verdict.Reason!.Value);
            if (collection.Clients.All(collection.Reported.Contains))
                collection.AllIn.TrySetResult();
        }
        session.Clear((uint)round, Stage.Evaluate);
        return verdict;
    }

    void RecordRound(OpenRound open, EvaluationCollection? evaluationStage, bool aggregated, EvaluationSummary? evaluation, float[] global,
        double selectMs, double sealPublishMs, double aggregateMs, double evaluateMs, Stopwatch roundClock)
    {
        ClientRoundRecord[] records;
        int rejected;
        string reasons;
        long bytesDown;
        string evaluationRejections;
        lock (_lock)
        {
            evaluationRejections = evaluationStage is null ? "" : ReasonNames.Tally(evaluationStage.Rejections);
            foreach (var id in open.Selected.Order(StringComparer.Ordinal))
                if (!open.Records.ContainsKey(id))
                    open.Records[id] = new ClientRoundRecord(open.Round, id, "missing", "", "no update before the deadline",
                        0, 0, 0, 0, 0, 0, 0, 0, 0, open.BytesDown.GetValueOrDefault(id), 0);
            records = open.Records.Values.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
            rejected = open.Rejections.Count;
            reasons = ReasonNames.Tally(open.Rejections);
            bytesDown = open.BytesDown.Values.Sum();
        }
        var submitted = records.Where(r => r.Status != "missing").ToArray();
        // Over the clients whose report passed its checks (a refused report is recorded as unknown, NaN).
        double Mean(Func<ClientRoundRecord, double> f) =>
            submitted.Select(f).Where(double.IsFinite).DefaultIfEmpty(0).Average();
        _clientRecords.AddRange(records);
        _rounds.Add(new RoundMetrics(open.Round, open.Selected.Count, Sessions.JoinedCount, records.Count(r => r.Status == "accepted"),
            rejected, records.Count(r => r.Status == "missing"), aggregated, reasons, JoinRefusals.Drain(), evaluationRejections,
            evaluation?.Loss ?? double.NaN, evaluation?.Accuracy ?? double.NaN,
            selectMs, sealPublishMs, Mean(r => r.DownloadMs + r.OpenMs), Mean(r => r.TrainMs), Mean(r => r.SealMs),
            Mean(r => r.UploadMs), submitted.Sum(r => r.OpenCheckMs), aggregateMs, evaluateMs, Elapsed(roundClock),
            bytesDown, submitted.Sum(r => r.BytesUp), ModelPayload.Hash(global)));
        Report(open.Round, aggregated ? "round complete" : "round failed: quorum not reached", open.Selected.Count,
            submitted.Length, records.Count(r => r.Status == "accepted"), rejected);
    }

    void WriteTables()
    {
        CsvTable.WriteAtomically(Path.Combine(_options.OutputDirectory, "metrics.csv"), _rounds);
        CsvTable.WriteAtomically(Path.Combine(_options.OutputDirectory, "clients.csv"), _clientRecords);
    }

    RunSummary WriteSummary(float[] global, int resumedAfter, TimeSpan wall)
    {
        WriteTables();
        var finalModel = Path.Combine(_options.OutputDirectory, FinalModelFile);
        AtomicFile.WriteAllBytes(finalModel, _crypto.SealAtRest(new EnvelopeContext(_options.RunId, _options.Rounds, CoordinatorId), ModelPayload.Encode(global)));
        var last = _rounds.LastOrDefault();
        // From metrics.csv's rows, so the two agree: every refused submission of a round is counted
        // there, also the duplicate and not-selected ones that get no clients.csv row.
        var reasons = _rounds.SelectMany(r => ReasonNames.ParseTally(r.RejectionReasons)).GroupBy(p => p.Reason)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Count));
        var summary = new RunSummary(_options.RunId, _options.Model, _crypto.Suite, _options.Rounds, _rounds.Count(r => r.Aggregated), resumedAfter,
            last?.TestAccuracy ?? double.NaN, last?.TestLoss ?? double.NaN,
            _rounds.Select(r => r.TestAccuracy).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max(), // NaN: never measured
            _rounds.Sum(r => r.Accepted), _rounds.Sum(r => r.Rejected), reasons,
            ModelPayload.Hash(global), FinalModelFile, wall.TotalSeconds);
        var json = JsonSerializer.Serialize(summary, SummaryJson);
        AtomicFile.WriteAllText(Path.Combine(_options.OutputDirectory, "summary.json"), json);
        return summary;
    }

    static readonly JsonSerializerOptions SummaryJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new NotMeasuredAsNull() },
    };

    void Report(int round, string phase, int selected, int received, int accepted, int rejected) =>
        _progress?.Report(new RunProgress(round, _options.Rounds, phase, Sessions.JoinedCount, selected, received, accepted, rejected, _lastAccuracy));

    static double Elapsed(Stopwatch clock) => clock.Elapsed.TotalMilliseconds;

    sealed class EvaluationCollection(int round, IReadOnlyList<string> clients, DateTimeOffset deadline)
    {
        public int Round { get; } = round;
        public DateTimeOffset Deadline { get; } = deadline;
        public bool Closed { get; set; }
        public HashSet<string> Clients { get; } = new(clients, StringComparer.Ordinal);
        /// <summary>Clients whose one report arrived (accepted or not).</summary>
        public HashSet<string> Reported { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ClientEvaluation> Results { get; } = new(StringComparer.Ordinal);
        public List<UpdateRejection> Rejections { get; } = [];
        public TaskCompletionSource AllIn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
