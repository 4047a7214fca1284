using System.Diagnostics;
using FedHybrid.Crypto;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FedHybrid.Federation.Client;

/// <summary>
/// The client runtime: joins, follows the task feed, and for each fit task waits for a training slot,
/// downloads and opens the sealed global model, trains, seals <c>delta = local - global</c> and
/// submits it. Reconnects with exponential back-off when the coordinator goes away.
/// </summary>
public sealed class FederatedClient
{
    readonly ClientOptions _options;
    readonly IClientCrypto _crypto;
    readonly Func<string, int, ILocalTrainer> _createTrainer;
    readonly Action<string> _log;
    ILocalTrainer? _trainer;
    byte[]? _previousEnvelope;
    int _lastRound;

    /// <param name="createTrainer">Makes the trainer for (model name, threads) the coordinator names.</param>
    public FederatedClient(ClientOptions options, IClientCrypto crypto, Func<string, int, ILocalTrainer> createTrainer, Action<string>? log = null)
    {
        _options = options;
        _crypto = crypto;
        _createTrainer = createTrainer;
        _log = log ?? (_ => { });
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
                catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.FailedPrecondition)
                {
                    _log($"refused at join: {e.Status.Detail}");
                    return ClientExitCode.RefusedAtJoin;
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    _log($"coordinator unreachable ({e.StatusCode}: {e.Status.Detail}); retrying in {backoff.TotalSeconds:0.##}s");
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
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
        using var channel = GrpcChannel.ForAddress(_options.Coordinator, new GrpcChannelOptions
        {
            HttpHandler = _options.HttpHandlerFactory?.Invoke(),
            MaxReceiveMessageSize = 2 << 20,
            MaxSendMessageSize = 2 << 20,
        });
        var client = new Protocol.Coordinator.CoordinatorClient(channel);
        var join = await JoinAsync(client, cancellationToken).ConfigureAwait(false);
        lastContact.Restart();
        var coordinator = new PublicIdentity(_options.ExpectedCoordinator.Id, join.CoordinatorEnvelopePublicKey.ToByteArray(), join.CoordinatorSigningPublicKey.ToByteArray());
        if (!coordinator.SameKeysAs(_options.ExpectedCoordinator))
            throw new AuthenticationFailedException("the coordinator presented public keys other than the provisioned ones");
        _trainer ??= _createTrainer(join.Model, (int)Math.Max(1, join.Threads));
        if ((ulong)_trainer.ParameterCount != join.ParameterCount)
            throw new InvalidOperationException($"model '{join.Model}' has {_trainer.ParameterCount} parameters here, {join.ParameterCount} at the coordinator");
        _log($"joined run {join.RunId} ({join.Suite}, {join.Model}, {join.Threads} threads)");

        using var feed = client.ReceiveTasks(new TaskFeedRequest { ClientId = Id, SessionToken = join.SessionToken }, cancellationToken: cancellationToken);
        while (await feed.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            lastContact.Restart();
            var task = feed.ResponseStream.Current;
            if (task.Stage == Stage.Finished)
            {
                _log("run finished");
                return true;
            }
            try
            {
                var work = task.Stage switch
                {
                    Stage.Fit => FitAsync(client, join, coordinator, task, cancellationToken),
                    Stage.Evaluate => EvaluateAsync(client, join, coordinator, task, cancellationToken),
                    _ => Task.CompletedTask,
                };
                await work.ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTaskFailure(e))
            {
                // A task that misses its deadline or whose model does not verify is skipped; the
                // client stays in the run for the next round.
                _log($"round {task.Round} {task.Stage}: skipped: {e.Message}");
            }
            lastContact.Restart();
        }
        return false;
    }

    /// <summary>Asks for a challenge and joins with the proof that this client holds its signing key.</summary>
    async Task<JoinResponse> JoinAsync(Protocol.Coordinator.CoordinatorClient client, CancellationToken cancellationToken)
    {
        var challenge = await client.JoinChallengeAsync(new JoinChallengeRequest { ClientId = Id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var join = await client.JoinAsync(new JoinRequest
        {
            ClientId = Id,
            EnvelopePublicKey = ByteString.CopyFrom(_crypto.Identity.EnvelopeKey),
            SigningPublicKey = ByteString.CopyFrom(_crypto.Identity.SigningKey),
            Suite = _crypto.Suite,
            Challenge = challenge.Challenge,
            Proof = ByteString.CopyFrom(_crypto.ProveJoin(challenge.Challenge.Span, challenge.RunId)),
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (join.RunId != challenge.RunId)
            throw new AuthenticationFailedException($"the coordinator issued a challenge for run '{challenge.RunId}' but admitted this client to run '{join.RunId}'");
        return join;
    }

    async Task FitAsync(Protocol.Coordinator.CoordinatorClient client, JoinResponse join, PublicIdentity coordinator, RoundTask task, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeLeft(task));
        var clock = Stopwatch.StartNew();
        using var slot = client.AcquireTrainingSlot(new TrainingSlotRequest { ClientId = Id, SessionToken = join.SessionToken, Round = task.Round }, cancellationToken: deadline.Token);
        if (!await slot.ResponseStream.MoveNext(deadline.Token).ConfigureAwait(false))
            throw new RpcException(new Status(StatusCode.Unavailable, "the coordinator closed the training slot without a grant"));
        var timings = new ClientTimings { SlotWaitMs = Lap(clock) };

        var global = await DownloadAndOpenAsync(client, join, coordinator, task, timings, deadline.Token).ConfigureAwait(false);
        if (_options.Behavior == ClientBehavior.CrashMidRound && task.Round >= 2)
        {
            _log($"round {task.Round}: crash-mid-round behaviour: killing this process");
            Process.GetCurrentProcess().Kill();
        }
        var settings = new TrainingSettings((int)task.Training.Epochs, (int)task.Training.BatchSize, task.Training.LearningRate,
            task.Training.Momentum, task.Training.WeightDecay, task.Training.ProximalMu);
        int seed = SeedDerivation.ClientSeed(task.Training.RunSeed, (int)task.Round, Id);
        clock.Restart();
        var trainer = _trainer!;
        var fit = await Task.Run(() => trainer.Fit(global, settings, seed, deadline.Token), deadline.Token).ConfigureAwait(false);
        timings.TrainMs = Lap(clock);
        slot.Dispose(); // give the training slot back before sealing and uploading

        var delta = new float[global.Length];
        for (int i = 0; i < delta.Length; i++)
            delta[i] = fit.Weights[i] - global[i];
        var envelope = _crypto.SealUpdate(new EnvelopeContext(join.RunId, task.Round, Id), UpdatePayload.Encode(delta, fit.SampleCount), coordinator);
        timings.SealMs = Lap(clock);
        var sent = Misbehave(envelope);

        using var upload = client.SubmitUpdate(cancellationToken: deadline.Token);
        await upload.RequestStream.WriteAsync(new UpdateChunk
        {
            Metadata = new UpdateMetadata
            {
                ClientId = Id, SessionToken = join.SessionToken, Round = task.Round, Stage = Stage.Fit,
                EnvelopeBytes = (ulong)sent.Length, Timings = timings, TrainLoss = fit.TrainLoss,
            },
        }, deadline.Token).ConfigureAwait(false);
        int chunk = (int)Math.Max(1024, join.Limits.MaxChunkBytes);
        for (int offset = 0; offset < sent.Length; offset += chunk)
            await upload.RequestStream.WriteAsync(new UpdateChunk { Data = ByteString.CopyFrom(sent, offset, Math.Min(chunk, sent.Length - offset)) }, deadline.Token).ConfigureAwait(false);
        await upload.RequestStream.CompleteAsync().ConfigureAwait(false);
        var response = await upload.ResponseAsync.ConfigureAwait(false);
        _log(response.Accepted
            ? $"round {task.Round}: update accepted ({fit.SampleCount} samples, loss {fit.TrainLoss:0.0000}, train {timings.TrainMs:0} ms)"
            : $"round {task.Round}: update rejected: {response.RejectionReason} ({response.Detail})");
    }

    async Task EvaluateAsync(Protocol.Coordinator.CoordinatorClient client, JoinResponse join, PublicIdentity coordinator, RoundTask task, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeLeft(task));
        var global = await DownloadAndOpenAsync(client, join, coordinator, task, new ClientTimings(), deadline.Token).ConfigureAwait(false);
        var trainer = _trainer!;
        var summary = await Task.Run(() => trainer.Evaluate(global), deadline.Token).ConfigureAwait(false);
        await client.ReportEvaluationAsync(new EvaluationReport
        {
            ClientId = Id, SessionToken = join.SessionToken, Round = task.Round,
            Loss = summary.Loss, Accuracy = summary.Accuracy, Count = (ulong)summary.Count,
        }, cancellationToken: deadline.Token).ConfigureAwait(false);
    }

    async Task<float[]> DownloadAndOpenAsync(Protocol.Coordinator.CoordinatorClient client, JoinResponse join, PublicIdentity coordinator,
        RoundTask task, ClientTimings timings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (task.ModelBytes > join.Limits.MaxModelBytes)
            throw new InvalidDataException($"the model of round {task.Round} is {task.ModelBytes} bytes, over the {join.Limits.MaxModelBytes} limit");
        var envelope = new byte[task.ModelBytes];
        int received = 0;
        using (var download = client.DownloadModel(new DownloadModelRequest { ClientId = Id, SessionToken = join.SessionToken, ModelId = task.ModelId }, cancellationToken: cancellationToken))
        {
            while (await download.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var data = download.ResponseStream.Current.Data;
                if (received + data.Length > envelope.Length)
                    throw new InvalidDataException($"the model of round {task.Round} is longer than the announced {envelope.Length} bytes");
                data.Span.CopyTo(envelope.AsSpan(received));
                received += data.Length;
            }
        }
        if (received != envelope.Length)
            throw new InvalidDataException($"received {received} of the {envelope.Length} bytes of the model of round {task.Round}");
        timings.DownloadMs = Lap(clock);
        var opened = _crypto.OpenModel(envelope, coordinator);
        if (opened.RunId != join.RunId || opened.Round != task.Round || opened.Sender != coordinator.Id)
            throw new AuthenticationFailedException($"the model is sealed for run '{opened.RunId}' round {opened.Round} by '{opened.Sender}', expected run '{join.RunId}' round {task.Round}");
        if (opened.Round < _lastRound)
            throw new AuthenticationFailedException($"the model of round {opened.Round} is older than round {_lastRound}: rollback refused");
        _lastRound = (int)opened.Round;
        var global = ModelPayload.Decode(opened.Payload, _trainer!.ParameterCount);
        timings.OpenMs = Lap(clock);
        return global;
    }

    byte[] Misbehave(byte[] envelope)
    {
        switch (_options.Behavior)
        {
            case ClientBehavior.CorruptByte:
                var corrupted = (byte[])envelope.Clone();
                corrupted[corrupted.Length / 2] ^= 0x01;
                return corrupted;
            case ClientBehavior.ReplayPrevious:
                var previous = _previousEnvelope;
                _previousEnvelope = envelope;
                return previous ?? envelope;
            default:
                return envelope;
        }
    }

    static bool IsTaskFailure(Exception e) =>
        e is OperationCanceledException or CryptoException or MalformedPayloadException or InvalidDataException
        || e is RpcException { StatusCode: StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.NotFound };

    /// <summary>The task's deadline as a duration from now (when it was received): the coordinator sends
    /// the time left, not an instant, so this client's wall clock may be off. Capped at what a timer takes.</summary>
    static TimeSpan TimeLeft(RoundTask task) => TimeSpan.FromMilliseconds(Math.Min(task.TimeLeftMs, int.MaxValue));

    static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
