using System.Diagnostics;
using System.Text.Json;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The coordinator's round engine. A round is a sequence of stages that the strategy defines; the
/// engine does the same thing in every stage: it seals the stage's shared part once for every
/// instructed client and each client's own instruction to that client alone, pushes the stage task,
/// collects and checks sealed replies until all are in or the deadline passes, and hands the replies
/// and failures to the strategy, which answers with the next stage or the round's result. Then the
/// engine evaluates centrally, records metrics and checkpoints (strategy state included). The gRPC
/// service only translates calls into this class.
/// </summary>
public sealed class StageEngine
{
    public const string CoordinatorId = "coordinator";
    public const string FinalModelFile = "final-model.sealed";
    /// <summary>A strategy that never finishes a round is a bug, not a protocol.</summary>
    public const int MaxStagesPerRound = 64;

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
    readonly Dictionary<string, PublishedStage> _published = new(StringComparer.Ordinal);
    readonly List<RoundMetrics> _rounds = [];
    readonly List<string> _unattributed = []; // rejected after their stage closed; counted with the next (under _lock)
    readonly List<StageMetrics> _stages = [];
    readonly List<ClientRoundRecord> _clientRecords = [];
    ReplayGuard _replays;
    ReplyValidator _validator;
    OpenStage? _open;
    RoundContext? _context;
    double? _lastAccuracy;
    RunProgress? _latest;
    long _peakHeldValues;

    /// <param name="log">Receives coordinator events worth a line in the run's log (refused joins).</param>
    public StageEngine(CoordinatorOptions options, Strategy strategy, IModelEvaluator evaluator, ICoordinatorCrypto crypto,
        IIdentityRegistry identities, IProgress<RunProgress>? progress = null, TimeProvider? time = null, Action<string>? log = null)
    {
        _options = options;
        _strategy = strategy;
        _evaluator = evaluator;
        _crypto = crypto;
        _identities = identities;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        Sessions = new SessionRegistry(identities, new JoinChallenges(options.JoinChallengeLifetime, _time), options.RunId, crypto.Suite, _time);
        JoinRefusals = new JoinRefusalCounter(log);
        _checkpoints = new CheckpointStore(options.OutputDirectory, crypto);
        _journal = new ReplayJournal(options.OutputDirectory);
        Slots = new TrainingSlots(options.TrainingSlots, options.TrainingTimeSlice);
        (_replays, _validator) = Guard([]);
    }

    public SessionRegistry Sessions { get; }

    public JoinRefusalCounter JoinRefusals { get; }

    public TrainingSlots Slots { get; }

    public CoordinatorOptions Options => _options;

    public string Suite => _crypto.Suite;

    public PublicIdentity Identity => _crypto.Identity;

    public int ParameterCount => _evaluator.ParameterCount;

    /// <summary>The rounds recorded so far (metrics.csv's rows): a copy, safe to take while the run goes on
    /// (the live page reads it from its own requests).</summary>
    public IReadOnlyList<RoundMetrics> Rounds
    {
        get
        {
            lock (_lock)
                return _rounds.ToArray();
        }
    }

    /// <summary>The most reply vector values (float32s) the engine held at once for a stage's end, over the run: 0
    /// when the strategy folds every accepted reply as it arrives (<see cref="Strategy.Absorb"/>).</summary>
    /// <summary>The global model after the last round, once <see cref="RunAsync"/> has finished (null before): what an
    /// in-process experiment evaluates beyond the engine's own test set.</summary>
    public float[]? FinalWeights { get; private set; }

    public long PeakHeldValues
    {
        get
        {
            lock (_lock)
                return _peakHeldValues;
        }
    }

    /// <summary>The last progress reported (the round, its phase, the open stage's counts); null before the first.</summary>
    public RunProgress? Latest => Volatile.Read(ref _latest);

    /// <summary>clients.csv's rows so far: one per client and stage.</summary>
    public IReadOnlyList<ClientRoundRecord> ClientRecords => _clientRecords;

    /// <summary>The largest sealed reply: a stage message with a few model-sized vectors, plus envelope overhead.</summary>
    /// <summary>The largest gRPC message: a chunk and its framing.</summary>
    public int MaxMessageBytes => _options.MaxChunkBytes + 64 * 1024;

    public long MaxReplyBytes => _options.MaxVectorsPerMessage * ((long)_evaluator.ParameterCount * sizeof(float) + 4096) + _options.EnvelopeOverheadBytes;

    /// <summary>The largest sealed part a client downloads (key wraps for every client included).</summary>
    public long MaxPartBytes => MaxReplyBytes + 4096L * Math.Max(1, _identities.ClientIds.Count);

    public PublishedStage? FindStage(string taskId)
    {
        lock (_lock)
            return _published.GetValueOrDefault(taskId);
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
            _strategy.RestoreState(checkpoint.StrategyState);
            (_replays, _validator) = Guard(checkpoint.SeenEnvelopes.Concat(journalled));
            lock (_lock)
                _rounds.AddRange(checkpoint.Rounds);
            _stages.AddRange(checkpoint.Stages);
            _clientRecords.AddRange(checkpoint.Clients);
            _lastAccuracy = checkpoint.Rounds.Count > 0 ? checkpoint.Rounds[^1].TestAccuracy : null;
        }
        else
        {
            global = _strategy.InitializeParameters(_evaluator.InitialWeights());
        }
        if (global.Length != _evaluator.ParameterCount)
            throw new InvalidOperationException($"initial parameters have {global.Length} values, the model {_evaluator.ParameterCount}");

        for (int round = startRound + 1; round <= _options.Rounds; round++)
            global = await RunRoundAsync(round, global, cancellationToken).ConfigureAwait(false);

        FinalWeights = global;
        Sessions.BroadcastFinished(_options.RunId, _options.Rounds);
        Report(_options.Rounds, "finished", 0, 0, 0, 0);
        return WriteSummary(global, startRound, wall.Elapsed);
    }

    /// <summary>A replay guard that starts with <paramref name="seen"/> and journals every new id, and the validator over it.</summary>
    (ReplayGuard, ReplyValidator) Guard(IEnumerable<string> seen)
    {
        var replays = new ReplayGuard(seen, _journal);
        return (replays, new ReplyValidator(_crypto, replays, _options.RunId, MaxReplyBytes, _options.Samples));
    }

    async Task<float[]> RunRoundAsync(int round, float[] global, CancellationToken cancellationToken)
    {
        var roundClock = Stopwatch.StartNew();
        Report(round, "waiting for clients", 0, 0, 0, 0);
        await Sessions.WaitForJoinedAsync(_identities.ClientIds.Count, _options.JoinTimeout, cancellationToken).ConfigureAwait(false);

        var tally = new RoundTally(round);
        var context = new RoundContext(round, _identities.ClientIds, (float[])global.Clone());
        lock (_lock)
            _context = context;
        var phase = Stopwatch.StartNew();
        var plan = _strategy.BeginRound(context);
        tally.SelectMs = Elapsed(phase);
        RoundResult result;
        for (int index = 1; ; index++)
        {
            if (index > MaxStagesPerRound)
                throw new InvalidOperationException($"strategy '{_strategy.Name}' asked for more than {MaxStagesPerRound} stages in round {round}");
            var results = await RunStageAsync(round, index, plan, tally, cancellationToken).ConfigureAwait(false);
            phase.Restart();
            var outcome = _strategy.CompleteStage(context, results);
            tally.Stages[^1] = tally.Stages[^1] with { StrategyMs = Elapsed(phase) };
            tally.AggregateMs += Elapsed(phase);
            if (outcome is StageOutcome.NextStage next)
            {
                plan = next.Plan;
                continue;
            }
            result = ((StageOutcome.RoundDone)outcome).Result;
            break;
        }
        lock (_lock)
            _context = null;
        CountStrategyRejections(tally, result.Rejections);

        bool aggregated = result.Aggregated;
        string abort = result.AbortReason ?? "";
        if (aggregated && (result.Parameters.Length != global.Length || !VectorMath.AllFinite(result.Parameters)))
        {
            // Each reply is finite, yet their combination can still overflow: keep the old model then.
            aggregated = false;
            abort = result.Parameters.Length != global.Length
                ? $"the strategy's model has {result.Parameters.Length} parameters, not {global.Length}"
                : "the aggregate is not finite; the previous model is kept";
        }
        if (aggregated)
            global = result.Parameters;

        phase.Restart();
        var evaluation = _evaluator.Evaluate(global);
        double evaluateMs = Elapsed(phase);
        _lastAccuracy = evaluation.Accuracy;

        RecordRound(tally, aggregated, abort, evaluation, result.FederatedEvaluation, result.Metrics, global, evaluateMs, roundClock);
        _checkpoints.Save(new CoordinatorCheckpoint(_options.RunId, round, global, _strategy.SaveState(), _replays.Snapshot(),
            _rounds.ToArray(), _stages.ToArray(), _clientRecords.ToArray()));
        _journal.Clear(); // the checkpoint now holds every id (a crash just before this only duplicates ids)
        WriteTables();
        return global;
    }

    async Task<StageResults> RunStageAsync(int round, int index, StagePlan plan, RoundTally tally, CancellationToken cancellationToken)
    {
        var instructed = plan.Instructions.Select(i => i.ClientId).ToArray();
        if (instructed.Distinct(StringComparer.Ordinal).Count() != instructed.Length)
            throw new InvalidOperationException($"strategy '{_strategy.Name}' instructed a client twice in stage '{plan.Stage}' of round {round}");
        var phase = Stopwatch.StartNew();
        string taskId = $"{_options.RunId}/r{round}/s{index}-{plan.Stage}";
        var published = Publish(round, plan, taskId);
        double sealPublishMs = Elapsed(phase);

        var deadline = _time.GetUtcNow() + (plan.Deadline ?? _options.RoundDeadline);
        var open = new OpenStage(round, plan.Stage, taskId, instructed, deadline);
        lock (_lock)
        {
            _published[taskId] = published;
            _open = open;
        }
        foreach (var id in instructed)
            Sessions.Find(id)?.Push(NewTask(round, plan.Stage, published, id), deadline);
        Report(round, plan.Stage, instructed.Length, 0, 0, 0);

        phase.Restart();
        await WaitUntilAsync(open.AllIn.Task, deadline, cancellationToken).ConfigureAwait(false);
        double collectMs = Elapsed(phase);
        StageReply[] replies;
        StageFailure[] failures;
        string[] rejections;
        lock (_lock)
        {
            open.Closed = true;
            _published.Remove(taskId);
            foreach (var id in instructed)
                if (!open.Records.ContainsKey(id))
                    open.Records[id] = new ClientRoundRecord(round, plan.Stage, id, "missing", "", "no reply before the deadline",
                        0, double.NaN, 0, 0, 0, 0, 0, 0, 0, open.BytesDown.GetValueOrDefault(id), 0);
            // Rejections of replies that came after their stage closed are counted here, with this stage's.
            open.Rejections.AddRange(_unattributed);
            _unattributed.Clear();
            rejections = open.Rejections.ToArray();
            replies = open.Accepted.Values.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
            failures = instructed.Where(id => !open.Accepted.ContainsKey(id)).Order(StringComparer.Ordinal)
                .Select(id => open.Refused.GetValueOrDefault(id) ?? new StageFailure(id, StageFailure.Missing, "no reply before the deadline"))
                .ToArray();
        }
        foreach (var session in Sessions.All)
            session.Clear(taskId);

        var records = open.Records.Values.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
        tally.Records.AddRange(records);
        tally.Rejections.AddRange(rejections);
        tally.Selected.UnionWith(instructed);
        tally.SealPublishMs += sealPublishMs;
        tally.Stages.Add(new StageMetrics(round, index, plan.Stage, instructed.Length, replies.Length, rejections.Length,
            records.Count(r => r.Status == "missing"), ReasonNames.Tally(rejections), sealPublishMs, collectMs,
            records.Sum(r => r.OpenCheckMs), 0, records.Sum(r => r.BytesDown), records.Sum(r => r.BytesUp)));
        return new StageResults(plan.Stage, replies, failures);
    }

    /// <summary>Replies the engine accepted but the strategy refused to use (a vector of the wrong length, a
    /// metric missing) become rejections in clients.csv, stages.csv and metrics.csv, like the engine's own.</summary>
    static void CountStrategyRejections(RoundTally tally, IReadOnlyList<ReplyRejection> rejections)
    {
        foreach (var rejection in rejections)
        {
            int record = tally.Records.FindIndex(r => r.Stage == rejection.Stage && r.ClientId == rejection.ClientId && r.Status == "accepted");
            if (record >= 0)
                tally.Records[record] = tally.Records[record] with { Status = "rejected", Reason = rejection.Reason, Detail = rejection.Detail };
            tally.Rejections.Add(rejection.Reason);
            int stage = tally.Stages.FindLastIndex(s => s.Stage == rejection.Stage);
            if (stage >= 0)
            {
                var metrics = tally.Stages[stage];
                tally.Stages[stage] = metrics with
                {
                    Accepted = metrics.Accepted - (record >= 0 ? 1 : 0),
                    Rejected = metrics.Rejected + 1,
                    RejectionReasons = ReasonNames.Tally(ReasonNames.Parse(metrics.RejectionReasons)
                        .SelectMany(p => Enumerable.Repeat(p.Reason, p.Count)).Append(rejection.Reason)),
                };
            }
        }
    }

    /// <summary>Seals the shared part once for every instructed client and each own instruction to its client.</summary>
    PublishedStage Publish(int round, StagePlan plan, string taskId)
    {
        var recipients = plan.Instructions.Select(i => _identities.Find(i.ClientId)
            ?? throw new InvalidOperationException($"strategy '{_strategy.Name}' instructed unknown client '{i.ClientId}'")).ToArray();
        var context = new EnvelopeContext(_options.RunId, round, CoordinatorId);
        byte[]? shared = plan.Shared.IsEmpty ? null : _crypto.SealForClients(context,
            StageMessageCodec.Encode(new StageMessage(StageMessageKind.Shared, _options.RunId, round, plan.Stage, taskId, "", StageConfig.Empty, plan.Shared)),
            recipients);
        var own = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < recipients.Length; i++)
        {
            var instruction = plan.Instructions[i];
            var message = new StageMessage(StageMessageKind.Instruction, _options.RunId, round, plan.Stage, taskId, instruction.ClientId,
                instruction.Config, instruction.Payload ?? StagePayload.Empty);
            own[instruction.ClientId] = _crypto.SealForClients(context, StageMessageCodec.Encode(message), [recipients[i]]);
        }
        return new PublishedStage(taskId, round, plan.Stage, shared, own);
    }

    StageTask NewTask(int round, string stage, PublishedStage published, string clientId) => new()
    {
        RunId = _options.RunId,
        Round = (uint)round,
        Stage = stage,
        TaskId = published.TaskId,
        SharedBytes = (ulong)(published.Shared?.Length ?? 0),
        OwnBytes = (ulong)published.Own[clientId].Length,
    };

    async Task WaitUntilAsync(Task done, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var remaining = deadline - _time.GetUtcNow();
        if (remaining < TimeSpan.Zero)
            remaining = TimeSpan.Zero;
        var timeout = Task.Delay(remaining, _time, cancellationToken);
        await Task.WhenAny(done, timeout).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A part download finished: counts the bytes sent to <paramref name="clientId"/>.</summary>
    public void RecordDownload(string clientId, string taskId, long bytes)
    {
        lock (_lock)
            if (_open is { Closed: false } open && open.TaskId == taskId)
                open.BytesDown[clientId] = open.BytesDown.GetValueOrDefault(clientId) + bytes;
    }

    /// <summary>Checks a submitted reply and, if it passes, keeps it for the strategy.</summary>
    public ReplyVerdict Submit(ClientSession session, ExpectedReply claimed, ReadOnlySpan<byte> envelope, ClientReport report, double uploadMs)
    {
        var (open, context, verdict) = Admit(session, claimed);
        double openCheckMs = 0;
        if (verdict is null && ClientReportCheck.Problem(report) is { } badReport)
            verdict = badReport;
        if (verdict is null)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                verdict = _validator.Validate(session.Identity, new ExpectedReply(open!.Round, open.Stage, open.TaskId), envelope);
                if (verdict.Accepted && _strategy.CheckReply(context!, open.Stage, verdict.Reply!) is { } refused)
                    verdict = ReplyVerdict.Reject(refused);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever a malformed reply throws, it is rejected and counted: it must not stall the round.
                verdict = ReplyVerdict.Reject(UpdateRejection.Malformed, $"{e.GetType().Name}: {e.Message}");
            }
            openCheckMs = Elapsed(clock);
        }
        Record(open, session, claimed, verdict, report, uploadMs, openCheckMs, envelope.Length);
        return verdict;
    }

    /// <summary>Counts an upload the service refused before its envelope could be checked (declared
    /// too large, longer or shorter than declared, a second upload while one is in progress) like any
    /// other rejection. It uses up the client's reply for the stage, except a concurrent
    /// <see cref="UpdateRejection.Duplicate"/>, which must not spoil the upload in progress.</summary>
    public ReplyVerdict Refuse(ClientSession session, ExpectedReply claimed, UpdateRejection reason, string detail, ClientReport report, double uploadMs, long bytesUp)
    {
        OpenStage? open;
        ReplyVerdict? verdict = null;
        if (reason == UpdateRejection.Duplicate)
            lock (_lock)
                open = _open;
        else
            (open, _, verdict) = Admit(session, claimed);
        verdict ??= ReplyVerdict.Reject(reason, detail);
        Record(open, session, claimed, verdict, report, uploadMs, 0, bytesUp);
        return verdict;
    }

    /// <summary>The open stage a reply claiming <paramref name="claimed"/> belongs to, and a rejection if it
    /// may not be submitted now (late, not instructed, already replied); null rejection = this is the client's reply.</summary>
    (OpenStage? Open, RoundContext? Context, ReplyVerdict? Rejection) Admit(ClientSession session, ExpectedReply claimed)
    {
        OpenStage? open;
        RoundContext? context;
        lock (_lock)
            (open, context) = (_open, _context);
        if (open is null || open.Round != claimed.Round || open.Closed || _time.GetUtcNow() > open.Deadline)
            return (open, context, ReplyVerdict.Reject(UpdateRejection.Late, open is null ? "no stage is open" : $"round {claimed.Round} is not open for replies"));
        if (open.TaskId != claimed.TaskId || open.Stage != claimed.Stage)
            return (open, context, ReplyVerdict.Reject(UpdateRejection.Late, $"stage {claimed.Stage} ({claimed.TaskId}) is not open; {open.Stage} is"));
        if (!open.Selected.Contains(session.ClientId))
            return (open, context, ReplyVerdict.Reject(UpdateRejection.NotSelected, $"'{session.ClientId}' is not instructed in {open.Stage} of round {open.Round}"));
        lock (_lock)
            return open.Submitted.Add(session.ClientId) ? (open, context, null)
                : (open, context, ReplyVerdict.Reject(UpdateRejection.Duplicate, $"'{session.ClientId}' already replied to {open.Stage} of round {open.Round}"));
    }

    /// <summary>Counts <paramref name="verdict"/> in its stage's metrics and clients.csv row, and keeps an accepted reply.</summary>
    void Record(OpenStage? open, ClientSession session, ExpectedReply claimed, ReplyVerdict verdict, ClientReport report,
        double uploadMs, double openCheckMs, long bytesUp)
    {
        if (open is null || open.Round != claimed.Round)
        {
            // A reply for a stage that has closed still counts: in the next stage to close.
            if (!verdict.Accepted)
                lock (_lock)
                    _unattributed.Add(verdict.Reason!);
        }
        else
        {
            lock (_lock)
            {
                if (!verdict.Accepted)
                    (open.Closed ? _unattributed : open.Rejections).Add(verdict.Reason!);
                if (!open.Closed && open.TaskId == claimed.TaskId)
                {
                    // A refused report's timings are not the client's word for anything: not measured.
                    var timings = ClientReportCheck.Problem(report) is null ? report : ClientReport.Unknown;
                    if (verdict.Accepted)
                    {
                        // The strategy folds what it can now, so the engine keeps only what is left; that is the
                        // coordinator's work on this update, so it counts as its open + check.
                        var clock = Stopwatch.StartNew();
                        var kept = _context is { } context && context.Round == open.Round ? _strategy.Absorb(context, open.Stage, verdict.Reply!) : verdict.Reply!;
                        openCheckMs += Elapsed(clock);
                        open.Accepted[session.ClientId] = kept;
                        open.HeldValues += kept.Payload.Vectors.Values.Sum(v => (long)v.Length);
                        _peakHeldValues = Math.Max(_peakHeldValues, open.HeldValues);
                    }
                    else if (!verdict.IsBystander)
                        open.Refused[session.ClientId] = new StageFailure(session.ClientId, verdict.Reason!, verdict.Detail);
                    if (!verdict.IsBystander)
                    {
                        var metrics = verdict.Reply?.Metrics;
                        open.Records[session.ClientId] = new ClientRoundRecord(open.Round, open.Stage, session.ClientId,
                            verdict.Accepted ? "accepted" : "rejected", verdict.Reason ?? "", verdict.Detail,
                            metrics?.IntegerOr(ReplyValidator.SampleCountMetric, 0) ?? 0, metrics?.NumberOr("train_loss", double.NaN) ?? double.NaN,
                            timings.SlotWaitMs, timings.DownloadMs, timings.OpenMs, timings.WorkMs, timings.SealMs, uploadMs, openCheckMs,
                            open.BytesDown.GetValueOrDefault(session.ClientId), bytesUp,
                            ReportedCount(metrics, RoundMetricKeys.ValuesClipped));
                    }
                    // All in once every instructed client's reply has been checked (not merely
                    // received: a check still running must not be cut off by the stage closing).
                    if (!verdict.IsBystander && verdict.Reason != UpdateRejection.Late.ToName())
                        open.Checked.Add(session.ClientId);
                    if (open.Selected.All(open.Checked.Contains))
                        open.AllIn.TrySetResult();
                }
            }
            Report(open.Round, open.Stage, open.Selected.Count, open.Submitted.Count, open.Accepted.Count, open.Rejections.Count);
        }
        session.Clear(claimed.TaskId);
    }

    void RecordRound(RoundTally tally, bool aggregated, string abort, EvaluationSummary evaluation, EvaluationSummary? federated,
        StageConfig strategyMetrics, float[] global, double evaluateMs, Stopwatch roundClock)
    {
        var submitted = tally.Records.Where(r => r.Status != "missing").ToArray();
        // Means over the replies whose report was measured (a refused report's timings are NaN).
        double Mean(Func<ClientRoundRecord, double> f) => submitted.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        _clientRecords.AddRange(tally.Records);
        _stages.AddRange(tally.Stages);
        var row = new RoundMetrics(tally.Round, string.Join('+', tally.Stages.Select(s => s.Stage)), tally.Selected.Count, Sessions.JoinedCount,
            tally.Records.Count(r => r.Status == "accepted"), tally.Rejections.Count, tally.Records.Count(r => r.Status == "missing"),
            aggregated, abort, ReasonNames.Tally(tally.Rejections), JoinRefusals.Drain(),
            evaluation.Loss, evaluation.Accuracy, federated?.Loss ?? double.NaN, federated?.Accuracy ?? double.NaN,
            tally.SelectMs, tally.SealPublishMs, Mean(r => r.DownloadMs + r.OpenMs), Mean(r => r.WorkMs), Mean(r => r.SealMs),
            Mean(r => r.UploadMs), submitted.Sum(r => r.OpenCheckMs), tally.AggregateMs, evaluateMs, Elapsed(roundClock),
            tally.Records.Sum(r => r.BytesDown), submitted.Sum(r => r.BytesUp), ModelPayload.Hash(global),
            strategyMetrics.IntegerOr(RoundMetricKeys.ValuesClipped, 0),
            strategyMetrics.NumberOr(RoundMetricKeys.EpsilonRdp, double.NaN), strategyMetrics.NumberOr(RoundMetricKeys.EpsilonPld, double.NaN));
        lock (_lock)
            _rounds.Add(row);
        Report(tally.Round, aggregated ? "round complete" : $"round not aggregated: {abort}", tally.Selected.Count,
            submitted.Length, tally.Records.Count(r => r.Status == "accepted"), tally.Rejections.Count, row);
    }

    void WriteTables()
    {
        CsvTable.WriteAtomically(Path.Combine(_options.OutputDirectory, "metrics.csv"), _rounds);
        CsvTable.WriteAtomically(Path.Combine(_options.OutputDirectory, "stages.csv"), _stages);
        CsvTable.WriteAtomically(Path.Combine(_options.OutputDirectory, "clients.csv"), _clientRecords);
    }

    RunSummary WriteSummary(float[] global, int resumedAfter, TimeSpan wall)
    {
        WriteTables();
        var finalModel = Path.Combine(_options.OutputDirectory, FinalModelFile);
        AtomicFile.WriteAllBytes(finalModel, _crypto.SealAtRest(new EnvelopeContext(_options.RunId, _options.Rounds, CoordinatorId), ModelPayload.Encode(global)));
        var last = _rounds.LastOrDefault();
        // Counted from metrics.csv's own rows, so the summary and the table always agree.
        var reasons = _stages.SelectMany(s => ReasonNames.Parse(s.RejectionReasons))
            .GroupBy(p => p.Reason, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Count), StringComparer.Ordinal);
        // The initial model follows from the seed alone, so a resumed run measures the same baseline.
        var initial = _evaluator.Evaluate(_evaluator.InitialWeights());
        var summary = new RunSummary(_options.RunId, _options.Model, _crypto.Suite, _options.Rounds, _rounds.Count(r => r.Aggregated), resumedAfter,
            initial.Accuracy, last?.TestAccuracy ?? double.NaN, last?.TestLoss ?? double.NaN,
            _rounds.Select(r => r.TestAccuracy).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max(), // NaN: never measured
            _rounds.Sum(r => r.Accepted), _rounds.Sum(r => r.Rejected), reasons,
            ModelPayload.Hash(global), FinalModelFile, wall.TotalSeconds);
        var json = JsonSerializer.Serialize(summary, RunFileNaming.Json);
        AtomicFile.WriteAllText(Path.Combine(_options.OutputDirectory, "summary.json"), json);
        return summary;
    }

    void Report(int round, string phase, int selected, int received, int accepted, int rejected, RoundMetrics? completed = null)
    {
        var progress = new RunProgress(round, _options.Rounds, phase, Sessions.JoinedCount, selected, received, accepted, rejected, _lastAccuracy, completed);
        Volatile.Write(ref _latest, progress);
        _progress?.Report(progress);
    }

    static double Elapsed(Stopwatch clock) => clock.Elapsed.TotalMilliseconds;

    /// <summary>A count a reply reports for clients.csv; 0 when absent or not a non-negative integer (the
    /// strategy, not the record, decides whether such a reply is usable).</summary>
    static long ReportedCount(StageConfig? metrics, string key) =>
        metrics is not null && metrics.TryGetValue(key, out var value) && value.Kind == ConfigValueKind.Integer && value.AsInteger() >= 0 ? value.AsInteger() : 0;

    /// <summary>What a round collects over its stages for metrics.csv.</summary>
    sealed class RoundTally(int round)
    {
        public int Round { get; } = round;
        public HashSet<string> Selected { get; } = new(StringComparer.Ordinal);
        public List<ClientRoundRecord> Records { get; } = [];
        public List<string> Rejections { get; } = [];
        public List<StageMetrics> Stages { get; } = [];
        public double SelectMs { get; set; }
        public double SealPublishMs { get; set; }
        public double AggregateMs { get; set; }
    }
}
