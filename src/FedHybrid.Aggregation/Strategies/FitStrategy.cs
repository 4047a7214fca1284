using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// The FedAvg family's round, after Flower's FedAvg (which FedOpt and the others extend): a fit stage
/// and an optional evaluate stage. A strategy of the family only says what it sends (<see cref="FitPayload"/>,
/// <see cref="FitConfig"/>), what it needs back (<see cref="ReplyVectors"/>) and how the server moves
/// (<see cref="ServerUpdate"/>); the selection, strict reading, quorum and evaluation are here, once.
/// </summary>
/// <remarks>
/// A reply the engine accepted but that breaks the protocol (a vector of the wrong length or with NaN,
/// a metric missing, of the wrong kind or out of range, an unexpected vector, a client not instructed
/// or answering twice) is not used: it goes back in <see cref="RoundResult.Rejections"/> with a reason
/// name (<see cref="ReplyRejection"/>), and the round goes on with the others. Fewer accepted replies
/// than <see cref="FitOptions.MinUpdates"/> (or than the strategy's own rule needs, <see cref="CohortProblem"/>),
/// or a non-finite new model or state, keep the old model and
/// state, and the result says why. The evaluate stage runs either way, as it always has.
/// A step's state is adopted through <see cref="RestoreStepState"/>, so a subclass's RestoreStepState
/// must only set what it is given (and accept <see cref="StrategyState.Empty"/> as a fresh start).
/// </remarks>
public abstract class FitStrategy : Strategy
{
    RoundInProgress? _round;
    MeanAggregate? _pendingAggregate;
    SecAggPlusRound? _secure;
    (SecureAggregationOptions Options, IPairSeedRecovery Recovery)? _secureAggregation;
    // Distributed DP's spending: made at the first round, once the model's length is known; until then a restored
    // state waits here.
    DistributedDpLedger? _distributedDp;
    StrategyState _distributedDpRestored = StrategyState.Empty;
    // The fit stage's running sum and the replies folded into it; Absorb and CompleteStage take this lock, though the
    // engine already calls them one at a time.
    readonly Lock _foldLock = new();
    RunningFit? _running;

    // Last round's sum, cleared for the next: a new 146 MB accumulator (the CNN) each round faulted in and zeroed its pages.
    ExactWeightedSum? _spareSum;

    protected FitStrategy(FitOptions options, FitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        StrategyOptions.ThrowIfInvalid(Name, options);
        settings.Validate();
        Options = options;
        Settings = settings;
    }

    /// <summary>Selection, quorum and evaluation settings.</summary>
    public FitOptions Options { get; }

    /// <summary>The run's local-training settings and seed.</summary>
    public FitSettings Settings { get; }

    /// <summary>What computes the mean instead of the sample-weighted mean (central DP), or null.</summary>
    public MeanAggregation? Aggregation { get; private set; }

    /// <summary>Computes this strategy's mean delta with <paramref name="aggregation"/> from now on. Only a
    /// <see cref="MeanDeltaStrategy"/> steps from a mean, and only one that does not bound each update
    /// itself (norm bounding's clipping would meet the aggregation's own).</summary>
    /// <exception cref="InvalidOperationException">The combination cannot work; the message says why.</exception>
    public void UseAggregation(MeanAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        if (AggregationRefusal(aggregation) is { } refusal)
            throw new InvalidOperationException(refusal);
        Aggregation = aggregation;
    }

    /// <summary>Why <paramref name="aggregation"/> cannot compute this strategy's mean, or null when it can.</summary>
    public string? AggregationRefusal(MeanAggregation aggregation) =>
        Aggregation is not null ? $"strategy '{Name}' already aggregates with '{Aggregation.Name}'"
        : _secureAggregation is not null ? $"'{aggregation.Name}' needs each update in the clear, but secure aggregation shows the coordinator only their sum"
        : this is not MeanDeltaStrategy ? $"strategy '{Name}' uses each update, not only their mean, so '{aggregation.Name}' cannot compute its aggregate"
        : ((MeanDeltaStrategy)this).UpdateNormBound is not null ? $"strategy '{Name}' clips each update itself; '{aggregation.Name}' clips too: use fedavg with it instead"
        : null;

    /// <summary>True when each round's fit runs as SecAgg+ (advertise-keys, share-keys, masked-fit, unmask).</summary>
    public bool SecureAggregation => _secureAggregation is not null;

    /// <summary>Runs every round's fit under secure aggregation from now on: the coordinator learns only the
    /// sum of the masked updates, and <paramref name="recovery"/> recomputes a dropped client's pairwise seeds.</summary>
    /// <exception cref="InvalidOperationException">The strategy cannot step from a masked sum; the message says why.</exception>
    public void UseSecureAggregation(SecureAggregationOptions options, IPairSeedRecovery recovery)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recovery);
        if (SecureAggregationRefusal() is { } refusal)
            throw new InvalidOperationException(refusal);
        options.Validate();
        _secureAggregation = (options, recovery);
    }

    /// <summary>Why this strategy cannot run under secure aggregation, or null when it can.</summary>
    public string? SecureAggregationRefusal() =>
        Aggregation is not null ? $"'{Aggregation.Name}' needs each update in the clear, but secure aggregation shows the coordinator only their sum"
        : ReplyVectors.Count != 1 ? $"strategy '{Name}' needs {ReplyVectors.Count} vectors from each client, and secure aggregation masks one"
        : this is not MeanDeltaStrategy ? $"strategy '{Name}' needs more than the mean of the updates (each update, or per-client weights it applies itself), and a masked sum gives only the mean"
        : null;

    /// <summary>Samples the round's clients (seeded by the run seed and the round) and asks them to fit.</summary>
    public sealed override StagePlan BeginRound(RoundContext round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var clients = ClientSelector.Select(round.Clients, Options.FractionFit, Options.MinFitClients, Settings.Seed, round.Round);
        var config = FitConfig(round);
        lock (_foldLock)
            _running = null;
        if (_secureAggregation is var (options, recovery))
        {
            if (options.DistributedDp is { } ddp && _distributedDp is null)
                _distributedDp = new DistributedDpLedger(new DistributedDpMechanism(ddp, options.Bits, round.Global.Length)).Restore(_distributedDpRestored);
            _secure = new SecAggPlusRound(options, recovery, round, clients, config, FitPayload(round), ((MeanDeltaStrategy)this).UpdateNormBound, Settings.Seed,
                _distributedDp?.Mechanism);
            _round = new RoundInProgress(round.Round, _secure.Stage, clients);
            return _secure.FirstPlan;
        }
        var plan = new StagePlan(FitProtocol.FitStage, FitPayload(round), clients.Select(id => new ClientInstruction(id, config)).ToArray());
        _round = new RoundInProgress(round.Round, FitProtocol.FitStage, clients);
        return plan;
    }

    public sealed override StageOutcome CompleteStage(RoundContext round, StageResults results)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(results);
        var current = _round;
        if (current is null || current.Round != round.Round || current.Stage != results.Stage)
            throw new InvalidOperationException(current is null
                ? $"stage '{results.Stage}' of round {round.Round} completed, but no round was begun"
                : $"stage '{results.Stage}' of round {round.Round} completed, but round {current.Round} is at stage '{current.Stage}'");
        if (_secure is not null && results.Stage == _secure.Stage)
            return CompleteSecure(round, current, _secure, results);
        return results.Stage == FitProtocol.FitStage ? CompleteFit(round, current, results) : CompleteEvaluate(current, results);
    }

    /// <summary>Reads each reply as it arrives, with the same reading <see cref="CompleteStage"/> uses, so a
    /// reply this strategy cannot use is refused to its client at once and counted with its reason.</summary>
    public sealed override ReplyProblem? CheckReply(RoundContext round, string stage, StageReply reply)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(reply);
        if (_secure is not null && stage == _secure.Stage)
            return _secure.Check(stage, reply);
        try
        {
            if (stage == FitProtocol.FitStage)
                ReadFitReply(reply, round.Global.Length);
            else if (stage == FitProtocol.EvaluateStage)
                ReadEvaluateReply(reply);
            return null;
        }
        catch (ReplyRejectedException e)
        {
            return new ReplyProblem(e.Reason, e.Detail);
        }
    }

    /// <summary>Folds an accepted fit reply into the round's running sum when the strategy allows
    /// (<see cref="FoldRefusal"/> is null, no secure aggregation) and answers it without its vectors; a reply this
    /// strategy would not use (not instructed, a second one, unreadable) is kept whole, to be refused at the stage's end.</summary>
    public sealed override StageReply Absorb(RoundContext round, string stage, StageReply reply)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(reply);
        if (stage != FitProtocol.FitStage || HoldsEveryUpdate is not null)
            return reply;
        lock (_foldLock)
        {
            var current = _round;
            if (current is null || current.Round != round.Round || current.Stage != stage || !current.Instructed.Contains(reply.ClientId))
                return reply;
            _running ??= new RunningFit(current.Round, RentSum(round.Global.Length));
            if (_running.Round != current.Round || _running.Folded.ContainsKey(reply.ClientId))
                return reply;
            FitReply read;
            try
            {
                read = ReadFitReply(reply, round.Global.Length);
            }
            catch (ReplyRejectedException)
            {
                return reply;
            }
            Fold(_running.Sum, read);
            // Only the vectors this strategy asked for can be there (ReadFitReply checked), and they are in the sum now.
            var kept = reply with { Payload = StagePayload.Empty };
            _running.Folded[reply.ClientId] = (kept, read with { Delta = [], Vectors = new Dictionary<string, float[]>() });
            return kept;
        }
    }

    /// <summary>Null when each accepted update is folded into a running sum as it arrives; otherwise why every one
    /// is held (the strategy's <see cref="FoldRefusal"/>, or secure aggregation's masked vectors).</summary>
    public sealed override string? HoldsEveryUpdate =>
        _secureAggregation is not null ? "under secure aggregation the masked vectors are summed modulo the ring when the stage ends"
        : FoldRefusal;

    /// <summary>Why this strategy's server step needs each update rather than one exact running sum, or null when
    /// it folds (<see cref="Fold"/>, <see cref="FoldedUpdate"/>).</summary>
    private protected virtual string? FoldRefusal => $"strategy '{Name}' uses each update, not only their sum";

    /// <summary>Adds one accepted update to the round's exact running sum.</summary>
    private protected virtual void Fold(ExactWeightedSum sum, FitReply reply) =>
        throw new InvalidOperationException($"strategy '{Name}' does not fold updates");

    /// <summary>The server's move from the round's exact sum of every accepted update.</summary>
    private protected virtual ServerStep FoldedUpdate(RoundContext round, ExactWeightedSum sum) =>
        throw new InvalidOperationException($"strategy '{Name}' does not fold updates");

    /// <summary>The payload every fit client gets: the global model (SCAFFOLD adds its control variate).</summary>
    protected virtual StagePayload FitPayload(RoundContext round) => StagePayload.OfVectors((FitProtocol.Model, round.Global));

    /// <summary>Each fit client's config: the run's training settings (FedProx adds proximal_mu).</summary>
    protected virtual StageConfig FitConfig(RoundContext round) => Settings.ToConfig();

    /// <summary>The vectors a fit reply must carry, each of the model's length and finite; no others.</summary>
    protected virtual IReadOnlyList<string> ReplyVectors { get; } = [FitProtocol.Delta];

    /// <summary>The server's move from the accepted replies (at least <see cref="FitOptions.MinUpdates"/>,
    /// in client-id order).</summary>
    protected abstract ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted);

    /// <summary>Why this strategy cannot aggregate <paramref name="accepted"/> updates (a rule between its
    /// options and the cohort, as Krum's n &gt; 2f + 2), or null. The round then keeps the model and the
    /// state, as below the quorum, and the result says why.</summary>
    protected virtual string? CohortProblem(int accepted) => null;

    /// <summary>The mean <paramref name="aggregation"/> computes from <paramref name="accepted"/>; its state and
    /// figures are adopted with the round's step.</summary>
    private protected float[] AggregateWith(MeanAggregation aggregation, RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        var aggregate = aggregation.Aggregate(round, _round?.Instructed.Count ?? accepted.Count, accepted);
        if (aggregate.Mean.Length != round.Global.Length)
            throw new InvalidOperationException($"aggregation '{aggregation.Name}' returned {aggregate.Mean.Length} values, the model has {round.Global.Length}");
        _pendingAggregate = aggregate;
        return aggregate.Mean;
    }

    /// <summary>The strategy's own state (moments, control variate); <see cref="SaveState"/> adds the aggregation's.</summary>
    protected virtual StrategyState SaveStepState() => StrategyState.Empty;

    /// <summary>Sets the strategy's own state, exactly what it is given (<see cref="StrategyState.Empty"/>: a fresh start).</summary>
    protected virtual void RestoreStepState(StrategyState state) => base.RestoreState(state);

    public sealed override StrategyState SaveState() => SaveStepState().Merge(Aggregation?.SaveState() ?? StrategyState.Empty)
        .Merge(_distributedDp?.SaveState() ?? _distributedDpRestored);

    public sealed override void RestoreState(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_secureAggregation?.Options.DistributedDp is not null)
        {
            var (ddp, rest) = state.Split(DistributedDpLedger.StatePrefix);
            DistributedDpLedger.Validate(ddp);
            _distributedDpRestored = ddp;
            _distributedDp = _distributedDp?.Restore(ddp);
            state = rest;
        }
        if (Aggregation is null)
        {
            RestoreStepState(state);
            return;
        }
        var (aggregation, own) = state.Split(Aggregation.StatePrefix);
        Aggregation.RestoreState(aggregation);
        RestoreStepState(own);
    }

    /// <summary>Reads one fit reply strictly; throws <see cref="ReplyRejectedException"/> saying what is wrong.</summary>
    protected virtual FitReply ReadFitReply(StageReply reply, int parameterCount)
    {
        ExpectVectors(reply, ReplyVectors);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var name in ReplyVectors)
        {
            var vector = reply.Payload.Vectors[name];
            if (vector.Length != parameterCount)
                throw new ReplyRejectedException(ReplyRejection.WrongSize, $"'{name}' has {vector.Length} values, the model {parameterCount}");
            if (!VectorMath.AllFinite(vector))
                throw new ReplyRejectedException(ReplyRejection.NotFinite, $"'{name}' contains NaN or infinity");
            vectors[name] = vector;
        }
        var metrics = reply.Metrics;
        long samples = Metric(metrics, FitProtocol.SampleCount, m => m.Integer(FitProtocol.SampleCount));
        if (samples <= 0)
            throw new ReplyRejectedException(ReplyRejection.SampleCountOutOfRange, $"'{FitProtocol.SampleCount}' is {samples}, must be at least 1");
        double loss = Metric(metrics, FitProtocol.TrainLoss, m => m.Number(FitProtocol.TrainLoss));
        if (!double.IsFinite(loss))
            throw new ReplyRejectedException(ReplyRejection.NotFinite, $"'{FitProtocol.TrainLoss}' is {loss}");
        if (loss < 0)
            throw new ReplyRejectedException(ReplyRejection.ReportOutOfRange, $"'{FitProtocol.TrainLoss}' is {loss}, a loss is at least 0");
        long steps = Metric(metrics, FitProtocol.LocalSteps, m => m.Integer(FitProtocol.LocalSteps));
        if (steps <= 0)
            throw new ReplyRejectedException(ReplyRejection.Malformed, $"'{FitProtocol.LocalSteps}' is {steps}, must be at least 1");
        return new FitReply(reply.ClientId, vectors[FitProtocol.Delta], samples, loss, steps, vectors);
    }

    StageOutcome CompleteFit(RoundContext round, RoundInProgress current, StageResults results)
    {
        RunningFit? running;
        lock (_foldLock)
            (running, _running) = (_running?.Round == current.Round ? _running : null, null);
        var accepted = new List<FitReply>();
        var held = new List<FitReply>();
        var rejections = new List<ReplyRejection>();
        int folded = 0;
        foreach (var reply in Screen(results, current.Instructed, current.Round, rejections))
        {
            if (running is not null && running.Folded.TryGetValue(reply.ClientId, out var entry) && ReferenceEquals(entry.Kept, reply))
            {
                accepted.Add(entry.Read);
                folded++;
                continue;
            }
            try
            {
                var read = ReadFitReply(reply, round.Global.Length);
                accepted.Add(read);
                held.Add(read);
            }
            catch (ReplyRejectedException e)
            {
                rejections.Add(new ReplyRejection(FitProtocol.FitStage, reply.ClientId, e.Reason, e.Detail));
            }
        }
        if (running is not null && folded != running.Folded.Count)
            throw new InvalidOperationException($"{running.Folded.Count} fit replies were folded in round {current.Round}, but {folded} of them reached the stage's end");
        current.Reject(rejections);
        var metrics = StageConfig.Empty;
        if (accepted.Count > 0)
            metrics = metrics.With(FitProtocol.TrainLoss, accepted.Sum(r => r.TrainLoss * r.SampleCount) / accepted.Sum(r => (double)r.SampleCount));
        Func<ServerStep> step = HoldsEveryUpdate is not null ? () => ServerUpdate(round, accepted) : () =>
        {
            // What the engine held (or every reply, without an engine) joins the running sum; the order cannot matter.
            ExactWeightedSum sum;
            lock (_foldLock)
                sum = running?.Sum ?? RentSum(round.Global.Length);
            foreach (var reply in held)
                Fold(sum, reply);
            var serverStep = FoldedUpdate(round, sum);
            lock (_foldLock)
                _spareSum = sum; // the step has its own arrays; the sum is free for the next round
            return serverStep;
        };
        return Conclude(round, current, accepted.Count, null, step, metrics);
    }

    /// <summary>Ends a secure-aggregation stage: the next one, or the masked round's mean and the model's step.</summary>
    StageOutcome CompleteSecure(RoundContext round, RoundInProgress current, SecAggPlusRound secure, StageResults results)
    {
        var step = secure.Complete(results);
        if (step.Next is { } next)
        {
            _round = current.At(next.Stage, next.Clients.ToArray());
            return StageOutcome.Next(next);
        }
        var done = step.Done!;
        _secure = null;
        current.Reject(done.Rejections.ToList());
        var metrics = StageConfig.Empty.With(RoundMetricKeys.ValuesClipped, done.ValuesClipped);
        if (double.IsFinite(done.TrainLoss))
            metrics = metrics.With(FitProtocol.TrainLoss, done.TrainLoss);
        PrivacyCharge? charge = null;
        if (_distributedDp is { } ledger)
        {
            // Charged for the noise shares in the sum, at the rate the cohort was sampled; kept only with the round.
            var charged = done.Mean is null ? ledger : ledger.Charge(done.Survivors, (double)current.Cohort / round.Clients.Count);
            charge = new PrivacyCharge(charged.Figures(), ledger.Figures(), () => _distributedDp = charged);
        }
        return Conclude(round, current, done.Survivors, done.AbortReason,
            () => ((MeanDeltaStrategy)this).MeanDeltaStep(round, done.Mean!), metrics, charge);
    }

    /// <summary>The round's end once its updates are in: the step (unless <paramref name="abort"/>, the quorum
    /// or the cohort rule stops it), adopted only when finite, then the evaluate stage or the result.</summary>
    StageOutcome Conclude(RoundContext round, RoundInProgress current, int accepted, string? abort, Func<ServerStep> serverStep, StageConfig roundMetrics,
        PrivacyCharge? charge = null)
    {
        var parameters = round.Global;
        if (abort is not null)
        {
            // The round could not produce an aggregate (secure aggregation aborted): keep the model.
        }
        else if (accepted < Options.MinUpdates)
        {
            abort = $"{accepted} accepted update(s), the quorum is {Options.MinUpdates}";
        }
        else if (CohortProblem(accepted) is { } problem)
        {
            abort = problem;
        }
        else
        {
            _pendingAggregate = null;
            var step = serverStep();
            // Each delta is finite, yet the step can still overflow: keep the old model and state then.
            if (step.Parameters.Length != round.Global.Length)
                throw new InvalidOperationException($"strategy '{Name}' proposed {step.Parameters.Length} parameters, the model has {round.Global.Length}");
            if (!VectorMath.AllFinite(step.Parameters) || step.State.Vectors.Values.Any(v => !VectorMath.AllFinite(v)))
            {
                abort = "the aggregated model is not finite; the previous model is kept";
            }
            else
            {
                parameters = step.Parameters;
                RestoreStepState(step.State);
                if (_pendingAggregate is { } adopted)
                    Aggregation!.RestoreState(adopted.State);
                charge?.Adopt();
            }
        }

        var metrics = roundMetrics.With(FitProtocol.FitAccepted, (long)accepted)
            .Merge(_pendingAggregate is { } aggregate && abort is null ? aggregate.Metrics : Aggregation?.IdleMetrics() ?? StageConfig.Empty);
        if (charge is not null)
            metrics = metrics.Merge(abort is null ? charge.Adopted : charge.Idle);
        _pendingAggregate = null;
        current.Finish(parameters, abort, metrics);

        if (Options.FractionEvaluate > 0 && round.Clients.Count > 0)
        {
            var clients = ClientSelector.Select(round.Clients, Options.FractionEvaluate, Options.MinEvaluateClients, unchecked(Settings.Seed + 1), round.Round);
            _round = current.At(FitProtocol.EvaluateStage, clients);
            return StageOutcome.Next(new StagePlan(FitProtocol.EvaluateStage, StagePayload.OfVectors((FitProtocol.Model, parameters)),
                clients.Select(id => new ClientInstruction(id, StageConfig.Empty)).ToArray()));
        }
        _round = null;
        return StageOutcome.Done(current.Result(null));
    }

    StageOutcome CompleteEvaluate(RoundInProgress current, StageResults results)
    {
        var evaluations = new List<EvaluationSummary>();
        var rejections = new List<ReplyRejection>();
        foreach (var reply in Screen(results, current.Instructed, current.Round, rejections))
            try
            {
                evaluations.Add(ReadEvaluateReply(reply));
            }
            catch (ReplyRejectedException e)
            {
                rejections.Add(new ReplyRejection(FitProtocol.EvaluateStage, reply.ClientId, e.Reason, e.Detail));
            }
        current.Reject(rejections);
        _round = null;
        return StageOutcome.Done(current.Result(Combine(evaluations)));
    }

    static EvaluationSummary ReadEvaluateReply(StageReply reply)
    {
        ExpectVectors(reply, []);
        var metrics = reply.Metrics;
        double loss = Metric(metrics, FitProtocol.Loss, m => m.Number(FitProtocol.Loss));
        double accuracy = Metric(metrics, FitProtocol.Accuracy, m => m.Number(FitProtocol.Accuracy));
        long count = Metric(metrics, FitProtocol.Count, m => m.Integer(FitProtocol.Count));
        if (!double.IsFinite(loss) || !double.IsFinite(accuracy))
            throw new ReplyRejectedException(ReplyRejection.NotFinite, $"'{FitProtocol.Loss}' is {loss}, '{FitProtocol.Accuracy}' is {accuracy}");
        if (accuracy is < 0 or > 1)
            throw new ReplyRejectedException(ReplyRejection.ReportOutOfRange, $"'{FitProtocol.Accuracy}' is {accuracy}, must be in [0, 1]");
        if (loss < 0)
            throw new ReplyRejectedException(ReplyRejection.ReportOutOfRange, $"'{FitProtocol.Loss}' is {loss}, a loss is at least 0");
        if (count <= 0)
            throw new ReplyRejectedException(ReplyRejection.ReportOutOfRange, $"'{FitProtocol.Count}' is {count}, must be at least 1");
        return new EvaluationSummary(loss, accuracy, count);
    }

    /// <summary>The clients' evaluations weighted by example count; null when there are none.</summary>
    static EvaluationSummary? Combine(IReadOnlyList<EvaluationSummary> evaluations)
    {
        long total = 0;
        double loss = 0, accuracy = 0;
        foreach (var e in evaluations)
        {
            total += e.Count;
            loss += e.Loss * e.Count;
            accuracy += e.Accuracy * e.Count;
        }
        return total == 0 ? null : new EvaluationSummary(loss / total, accuracy / total, total);
    }

    /// <summary>The replies of instructed clients, one each, in client-id order; the rest are rejected.</summary>
    internal static List<StageReply> Screen(StageResults results, HashSet<string> instructed, int round, List<ReplyRejection> rejections)
    {
        var kept = new List<StageReply>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reply in results.Replies.OrderBy(r => r.ClientId, StringComparer.Ordinal))
        {
            if (!instructed.Contains(reply.ClientId))
                rejections.Add(new ReplyRejection(results.Stage, reply.ClientId, ReplyRejection.NotSelected, $"'{reply.ClientId}' was not instructed in stage '{results.Stage}' of round {round}"));
            else if (!seen.Add(reply.ClientId))
                rejections.Add(new ReplyRejection(results.Stage, reply.ClientId, ReplyRejection.Duplicate, $"a second reply from '{reply.ClientId}' in stage '{results.Stage}'"));
            else
                kept.Add(reply);
        }
        return kept;
    }

    static void ExpectVectors(StageReply reply, IReadOnlyList<string> expected)
    {
        foreach (var name in expected)
            if (!reply.Payload.Vectors.ContainsKey(name))
                throw new ReplyRejectedException(ReplyRejection.Malformed, $"payload vector '{name}' is missing");
        foreach (var name in reply.Payload.Vectors.Keys)
            if (!expected.Contains(name))
                throw new ReplyRejectedException(ReplyRejection.Malformed, $"unexpected payload vector '{name}'");
        if (reply.Payload.Blobs.Count > 0)
            throw new ReplyRejectedException(ReplyRejection.Malformed, $"unexpected payload blob '{reply.Payload.Blobs.Keys.Order(StringComparer.Ordinal).First()}'");
    }

    internal static T Metric<T>(StageConfig metrics, string key, Func<StageConfig, T> read)
    {
        try
        {
            return read(metrics);
        }
        catch (StageConfigException e)
        {
            throw new ReplyRejectedException(ReplyRejection.Malformed, e.Message);
        }
    }

    /// <summary>An empty sum of <paramref name="length"/> coordinates: last round's, cleared, when there is one. Under _foldLock.</summary>
    ExactWeightedSum RentSum(int length)
    {
        var spare = _spareSum;
        _spareSum = null;
        if (spare is null || spare.Length != length)
            return new ExactWeightedSum(length);
        spare.Clear();
        return spare;
    }

    /// <summary>A fit stage's exact running sum and, by client, the reply the engine kept and what was read from it.</summary>
    sealed class RunningFit(int round, ExactWeightedSum sum)
    {
        public int Round { get; } = round;

        public ExactWeightedSum Sum { get; } = sum;

        public Dictionary<string, (StageReply Kept, FitReply Read)> Folded { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A privacy spend that a round makes only if adopted: its figures then, the figures so far otherwise, and
    /// what keeps it.</summary>
    sealed record PrivacyCharge(StageConfig Adopted, StageConfig Idle, Action Adopt);

    /// <summary>Where the round in progress is, and what it has decided so far.</summary>
    sealed class RoundInProgress(int round, string stage, IReadOnlyList<string> instructed)
    {
        /// <summary>How many clients the round sampled (its first stage's instructions).</summary>
        public int Cohort { get; init; } = instructed.Count;

        float[]? _parameters;
        string? _abort;
        StageConfig _metrics = StageConfig.Empty;

        public int Round { get; } = round;

        public string Stage { get; private set; } = stage;

        public HashSet<string> Instructed { get; private set; } = new(instructed, StringComparer.Ordinal);

        readonly List<ReplyRejection> _rejections = [];

        /// <summary>Keeps a stage's rejections, in client-id order (stages in the order they ran).</summary>
        public void Reject(List<ReplyRejection> rejections) =>
            _rejections.AddRange(rejections.OrderBy(r => r.ClientId, StringComparer.Ordinal));

        public void Finish(float[] parameters, string? abort, StageConfig metrics) => (_parameters, _abort, _metrics) = (parameters, abort, metrics);

        public RoundInProgress At(string stage, IReadOnlyList<string> instructed)
        {
            Stage = stage;
            Instructed = new HashSet<string>(instructed, StringComparer.Ordinal);
            return this;
        }

        public RoundResult Result(EvaluationSummary? evaluation) =>
            new(_parameters!, _abort is null, _abort, _metrics, evaluation) { Rejections = _rejections.ToArray() };
    }
}
