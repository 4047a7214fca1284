using System.Diagnostics;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Crypto;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Client.Stages.SecureAggregation;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using FedHybrid.Federation.Wire;
using Google.Protobuf;

namespace FedHybrid.Federation.Client;

/// <summary>
/// The client runtime, over any <see cref="IClientChannel"/>: joins, follows the task feed, and for
/// each stage task downloads and opens its sealed parts, checks that they belong to this run, round,
/// stage, task and client (and never to an older round), hands them to the stage's handler, seals the
/// answer to the coordinator and submits it. Reconnects with exponential back-off when the
/// coordinator goes away.
/// </summary>
public sealed class FederatedClient
{
    readonly ClientOptions _options;
    readonly IClientCrypto _crypto;
    readonly Func<IClientChannel> _connect;
    readonly Func<string, int, ILocalTrainer> _createTrainer;
    readonly Dictionary<string, IStageHandler> _handlers;
    readonly ClientBehavior _behavior;
    readonly Action<string> _log;
    ILocalTrainer? _trainer;
    int _lastRound;

    /// <param name="connect">Opens a new channel to the coordinator (one per connection attempt).</param>
    /// <param name="createTrainer">Makes the trainer for (model name, threads) the coordinator names.</param>
    /// <param name="handlers">The stages this client answers; fit, evaluate and the four of secure aggregation when null.</param>
    public FederatedClient(ClientOptions options, IClientCrypto crypto, Func<IClientChannel> connect, Func<string, int, ILocalTrainer> createTrainer,
        Action<string>? log = null, IEnumerable<IStageHandler>? handlers = null)
    {
        _options = options;
        _crypto = crypto;
        _connect = connect;
        _createTrainer = createTrainer;
        _behavior = options.Behavior;
        _log = log ?? (_ => { });
        _handlers = (handlers ?? [new FitHandler(), new EvaluateHandler(), .. SecAggClientState.Handlers()]).ToDictionary(h => h.Stage, StringComparer.Ordinal);
    }

    string Id => _crypto.Identity.Id;

    public async Task<ClientExitCode> RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _options.InitialBackoff;
        var lastContact = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                try
                {
                    if (await SessionAsync(lastContact, cancellationToken).ConfigureAwait(false))
                        return ClientExitCode.Finished;
                    backoff = _options.InitialBackoff;
                }
                catch (EndpointException e) when (e.Status is EndpointStatus.PermissionDenied or EndpointStatus.FailedPrecondition)
                {
                    _log($"refused at join: {e.Message}");
                    return ClientExitCode.RefusedAtJoin;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is CoordinatorUnreachableException or EndpointException)
                {
                    _log($"coordinator unreachable ({e.Message}); retrying in {backoff.TotalSeconds:0.##}s");
                }
                if (lastContact.Elapsed > _options.GiveUpAfter)
                {
                    _log($"no contact with the coordinator for {lastContact.Elapsed.TotalSeconds:0}s; giving up");
                    return ClientExitCode.CoordinatorGone;
                }
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ClientExitCode.Cancelled;
        }
        finally
        {
            _trainer?.Dispose();
        }
    }

    /// <summary>One connection: join and follow tasks. True when the run finished.</summary>
    async Task<bool> SessionAsync(Stopwatch lastContact, CancellationToken cancellationToken)
    {
        await using var channel = _connect();
        var join = await JoinAsync(channel, cancellationToken).ConfigureAwait(false);
        lastContact.Restart();
        var coordinator = new PublicIdentity(_options.ExpectedCoordinator.Id, join.CoordinatorEnvelopePublicKey.ToByteArray(), join.CoordinatorSigningPublicKey.ToByteArray());
        if (!coordinator.SameKeysAs(_options.ExpectedCoordinator))
            throw new AuthenticationFailedException("the coordinator presented public keys other than the provisioned ones");
        _trainer ??= _createTrainer(join.Model, (int)Math.Max(1, join.Threads));
        if ((ulong)_trainer.ParameterCount != join.ParameterCount)
            throw new InvalidOperationException($"model '{join.Model}' has {_trainer.ParameterCount} parameters here, {join.ParameterCount} at the coordinator");
        _log($"joined run {join.RunId} ({join.Suite}, {join.Model}, {join.Threads} threads)");

        await foreach (var task in channel.TasksAsync(new TaskFeedRequest { ClientId = Id, SessionToken = join.SessionToken }, cancellationToken).ConfigureAwait(false))
        {
            lastContact.Restart();
            if (task.Finished)
            {
                _log("run finished");
                return true;
            }
            try
            {
                await HandleAsync(channel, join, coordinator, task, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTaskFailure(e))
            {
                // A task that misses its deadline or whose parts do not verify is skipped; the client
                // stays in the run for the next stage.
                _log($"round {task.Round} {task.Stage}: skipped: {e.Message}");
            }
            lastContact.Restart();
        }
        return false;
    }

    /// <summary>Asks for a challenge and joins with the proof that this client holds its signing key.</summary>
    async Task<JoinResponse> JoinAsync(IClientChannel channel, CancellationToken cancellationToken)
    {
        var challenge = await channel.JoinChallengeAsync(new JoinChallengeRequest { ClientId = Id }, cancellationToken).ConfigureAwait(false);
        var join = await channel.JoinAsync(new JoinRequest
        {
            ClientId = Id,
            EnvelopePublicKey = ByteString.CopyFrom(_crypto.Identity.EnvelopeKey),
            SigningPublicKey = ByteString.CopyFrom(_crypto.Identity.SigningKey),
            Suite = _crypto.Suite,
            Challenge = challenge.Challenge,
            Proof = ByteString.CopyFrom(_crypto.ProveJoin(challenge.Challenge.Span, challenge.RunId)),
        }, cancellationToken).ConfigureAwait(false);
        if (join.RunId != challenge.RunId)
            throw new AuthenticationFailedException($"the coordinator issued a challenge for run '{challenge.RunId}' but admitted this client to run '{join.RunId}'");
        return join;
    }

    async Task HandleAsync(IClientChannel channel, JoinResponse join, PublicIdentity coordinator, StageTask task, CancellationToken cancellationToken)
    {
        // The deadline is a duration from now: this client's clock need not agree with the coordinator's.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(task.DeadlineMs, (ulong)int.MaxValue)));
        if (!_handlers.TryGetValue(task.Stage, out var handler))
        {
            _log($"round {task.Round}: no handler for stage '{task.Stage}'; not answering");
            return;
        }
        var info = new StageTaskInfo(join.RunId, (int)task.Round, task.Stage, task.TaskId, Id);
        var timings = new StageTimings();
        var clock = Stopwatch.StartNew();
        var sharedEnvelope = task.SharedBytes == 0 ? null
            : await DownloadAsync(channel, join, task, Part.Shared, task.SharedBytes, deadline.Token).ConfigureAwait(false);
        var ownEnvelope = await DownloadAsync(channel, join, task, Part.Own, task.OwnBytes, deadline.Token).ConfigureAwait(false);
        timings.DownloadMs = Lap(clock);
        var shared = sharedEnvelope is null ? null : Open(sharedEnvelope, coordinator, info, StageMessageKind.Shared, "");
        var own = Open(ownEnvelope, coordinator, info, StageMessageKind.Instruction, Id);
        _lastRound = Math.Max(_lastRound, info.Round);
        timings.OpenMs = Lap(clock);

        var work = new StageWork(info, own.Config, shared?.Payload ?? StagePayload.Empty, own.Payload, _trainer!, _behavior, _crypto,
            async token => await channel.AcquireTrainingSlotAsync(new TrainingSlotRequest { ClientId = Id, SessionToken = join.SessionToken, Round = task.Round }, token).ConfigureAwait(false),
            timings, _options.StateDirectory, _log);
        var answer = await handler.HandleAsync(work, deadline.Token).ConfigureAwait(false);

        clock.Restart();
        var reply = StageMessageCodec.Encode(new StageMessage(StageMessageKind.Reply, join.RunId, info.Round, info.Stage, info.TaskId, Id, answer.Metrics, answer.Payload));
        var envelope = _crypto.SealReply(new EnvelopeContext(join.RunId, info.Round, Id), reply, coordinator);
        timings.SealMs = Lap(clock);
        var sent = _behavior.OnEnvelope(info, envelope);
        var metadata = new ReplyMetadata
        {
            ClientId = Id, SessionToken = join.SessionToken, Round = task.Round, Stage = task.Stage, TaskId = task.TaskId,
            EnvelopeBytes = (ulong)sent.Length,
            Timings = new ClientTimings
            {
                SlotWaitMs = timings.SlotWaitMs, DownloadMs = timings.DownloadMs, OpenMs = timings.OpenMs, WorkMs = timings.WorkMs, SealMs = timings.SealMs,
            },
        };
        var response = await channel.SubmitReplyAsync(metadata, sent, (int)Math.Max(1024, join.Limits.MaxChunkBytes), deadline.Token).ConfigureAwait(false);
        if (response.Accepted)
            answer.OnAccepted?.Invoke();
        _log(response.Accepted
            ? $"round {task.Round} {task.Stage}: reply accepted ({string.Join(", ", answer.Metrics.Select(m => $"{m.Key} {m.Value}"))}; work {timings.WorkMs:0} ms)"
            : $"round {task.Round} {task.Stage}: reply rejected: {response.RejectionReason} ({response.Detail})");
    }

    Task<byte[]> DownloadAsync(IClientChannel channel, JoinResponse join, StageTask task, Part part, ulong bytes, CancellationToken cancellationToken) =>
        channel.DownloadPartAsync(new DownloadPartRequest { ClientId = Id, SessionToken = join.SessionToken, TaskId = task.TaskId, Part = part },
            bytes, (long)Math.Min(join.Limits.MaxModelBytes, long.MaxValue), cancellationToken);

    /// <summary>Opens a sealed part and checks every field against what this client expects (from the
    /// task it is working on, never from the part itself): a part of another run, round, stage, task
    /// or client, or of an older round than one already seen, is refused.</summary>
    StageMessage Open(byte[] envelope, PublicIdentity coordinator, StageTaskInfo expected, StageMessageKind kind, string party)
    {
        var opened = _crypto.OpenFromCoordinator(envelope, coordinator);
        if (opened.RunId != expected.RunId || opened.Round != expected.Round || opened.Sender != coordinator.Id)
            throw new AuthenticationFailedException($"the {kind} part is sealed for run '{opened.RunId}' round {opened.Round} by '{opened.Sender}', expected run '{expected.RunId}' round {expected.Round}");
        if (opened.Round < _lastRound)
            throw new AuthenticationFailedException($"the {kind} part of round {opened.Round} is older than round {_lastRound}: rollback refused");
        var message = StageMessageCodec.Decode(opened.Payload);
        if (message.Kind != kind || message.RunId != expected.RunId || message.Round != expected.Round || message.Stage != expected.Stage
            || message.TaskId != expected.TaskId || message.Party != party)
            throw new AuthenticationFailedException($"the sealed part is a {message.Kind} of {message.Stage} ({message.TaskId}) for '{message.Party}', "
                + $"expected a {kind} of {expected.Stage} ({expected.TaskId}) for '{party}'");
        return message;
    }

    static bool IsTaskFailure(Exception e) =>
        e is OperationCanceledException or CryptoException or MalformedPayloadException or InvalidDataException or StageConfigException or ClientStateException
            or EndpointException { Status: EndpointStatus.NotFound } or CoordinatorUnreachableException;

    static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
