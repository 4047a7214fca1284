using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using FedHybrid.Aggregation;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using Google.Protobuf;
using Grpc.Core;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The gRPC face of the coordinator: checks sizes and sessions, translates messages, and
/// delegates to <see cref="RoundEngine"/> and <see cref="SessionRegistry"/>.</summary>
public sealed class CoordinatorService : Protocol.Coordinator.CoordinatorBase
{
    public const int MaxClientIdLength = 64;
    public const int MaxPublicKeyBytes = 4096;
    public const int MaxProofBytes = 4096;
    readonly RoundEngine _engine;

    public CoordinatorService(RoundEngine engine) => _engine = engine;

    public override Task<JoinChallengeResponse> JoinChallenge(JoinChallengeRequest request, ServerCallContext context) =>
        Task.FromResult(Admitting(request.ClientId, () =>
        {
            CheckClaimedId(request.ClientId, context);
            var challenge = _engine.Sessions.IssueChallenge(request.ClientId);
            return new JoinChallengeResponse
            {
                Challenge = ByteString.CopyFrom(challenge.Value),
                RunId = _engine.Options.RunId,
                ValidForMs = (ulong)_engine.Options.JoinChallengeLifetime.TotalMilliseconds, // issued just now
            };
        }));

    public override Task<JoinResponse> Join(JoinRequest request, ServerCallContext context) =>
        Task.FromResult(Admitting(request.ClientId, () =>
        {
            CheckClaimedId(request.ClientId, context);
            if (request.EnvelopePublicKey.Length > MaxPublicKeyBytes || request.SigningPublicKey.Length > MaxPublicKeyBytes || request.Proof.Length > MaxProofBytes)
                throw new JoinRefusedException(JoinRefusal.Malformed, $"public keys and the join proof are limited to {MaxPublicKeyBytes} bytes");
            if (request.Suite != _engine.Suite)
                throw new JoinRefusedException(JoinRefusal.WrongSuite, $"the run uses suite '{_engine.Suite}', the client '{request.Suite}'");
            var presented = new PublicIdentity(request.ClientId, request.EnvelopePublicKey.ToByteArray(), request.SigningPublicKey.ToByteArray());
            var session = _engine.Sessions.Join(presented, request.Challenge.Span, request.Proof.Span);
            return JoinResponseFor(session);
        }));

    JoinResponse JoinResponseFor(ClientSession session)
    {
        var options = _engine.Options;
        return new JoinResponse
        {
            SessionToken = session.Token,
            RunId = options.RunId,
            Suite = _engine.Suite,
            Model = options.Model,
            ParameterCount = (ulong)_engine.ParameterCount,
            CoordinatorEnvelopePublicKey = ByteString.CopyFrom(_engine.Identity.EnvelopeKey),
            CoordinatorSigningPublicKey = ByteString.CopyFrom(_engine.Identity.SigningKey),
            Threads = (uint)options.ThreadsPerClient,
            Limits = new SizeLimits
            {
                MaxChunkBytes = (uint)options.MaxChunkBytes,
                MaxUpdateBytes = (ulong)_engine.MaxUpdateBytes,
                MaxModelBytes = (ulong)_engine.MaxModelBytes,
            },
        };
    }

    /// <summary>The id is well formed and, under mutual TLS, the one the client certificate names: a lab
    /// client can neither join as another nor use up another's challenges.</summary>
    static void CheckClaimedId(string clientId, ServerCallContext context)
    {
        if (!IsValidClientId(clientId))
            throw new JoinRefusedException(JoinRefusal.Malformed, $"client_id must be 1-{MaxClientIdLength} characters of [A-Za-z0-9._-]");
        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate
            && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is var certifiedId && certifiedId != clientId)
            throw new JoinRefusedException(JoinRefusal.WrongCertificate, $"the TLS client certificate is issued to '{certifiedId}', not to '{clientId}'");
    }

    static bool IsValidClientId(string clientId) =>
        clientId.Length is > 0 and <= MaxClientIdLength && clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Runs a join step; a refusal is counted, logged and answered with its status code.</summary>
    T Admitting<T>(string clientId, Func<T> admit)
    {
        try
        {
            return admit();
        }
        catch (JoinRefusedException e)
        {
            _engine.JoinRefusals.Record(IsValidClientId(clientId) ? clientId : "(malformed id)", e);
            throw new RpcException(new Status(StatusFor(e.Reason), e.Message));
        }
    }

    static StatusCode StatusFor(JoinRefusal reason) => reason switch
    {
        JoinRefusal.Malformed => StatusCode.InvalidArgument,
        JoinRefusal.WrongSuite => StatusCode.FailedPrecondition,
        // Not the client's fault (expired, or evicted by newer challenges): it may retry with a new one.
        JoinRefusal.StaleChallenge => StatusCode.Aborted,
        _ => StatusCode.PermissionDenied,
    };

    public override async Task ReceiveTasks(TaskFeedRequest request, IServerStreamWriter<RoundTask> responseStream, ServerCallContext context)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        int seen = 0;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            (RoundTask task, seen) = await session.NextAsync(seen, context.CancellationToken);
            // The task object is shared by every selected client; each gets the time left as it is sent.
            var sent = task.Clone();
            sent.TimeLeftMs = (ulong)_engine.TimeLeft(task).TotalMilliseconds;
            await responseStream.WriteAsync(sent, context.CancellationToken);
            if (task.Stage == Stage.Finished)
                return;
        }
    }

    public override async Task DownloadModel(DownloadModelRequest request, IServerStreamWriter<ModelChunk> responseStream, ServerCallContext context)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        var model = _engine.FindModel(request.ModelId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"model '{request.ModelId}' is not published (round over?)"));
        if (!model.Recipients.Contains(session.ClientId))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{session.ClientId}' is not a recipient of '{request.ModelId}'"));
        int chunk = _engine.Options.MaxChunkBytes;
        for (int offset = 0; offset < model.Envelope.Length; offset += chunk)
        {
            int length = Math.Min(chunk, model.Envelope.Length - offset);
            await responseStream.WriteAsync(new ModelChunk { Data = ByteString.CopyFrom(model.Envelope, offset, length) }, context.CancellationToken);
        }
        _engine.RecordDownload(session.ClientId, model.ModelId, model.Envelope.Length);
    }

    public override async Task AcquireTrainingSlot(TrainingSlotRequest request, IServerStreamWriter<TrainingSlotGrant> responseStream, ServerCallContext context)
    {
        Authenticate(request.ClientId, request.SessionToken);
        using var lease = await _engine.Slots.AcquireAsync(context.CancellationToken);
        await responseStream.WriteAsync(new TrainingSlotGrant { Slot = 1 }, context.CancellationToken);
        // Hold the slot until the client ends the call or disappears.
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task<SubmitUpdateResponse> SubmitUpdate(IAsyncStreamReader<UpdateChunk> requestStream, ServerCallContext context)
    {
        var clock = Stopwatch.StartNew();
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.ContentCase != UpdateChunk.ContentOneofCase.Metadata)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of SubmitUpdate must carry metadata"));
        var metadata = requestStream.Current.Metadata;
        var session = Authenticate(metadata.ClientId, metadata.SessionToken);
        var upload = new Upload(session, metadata, clock);
        if (metadata.Stage != Stage.Fit)
            return Refuse(upload, UpdateRejection.Malformed, $"an update belongs to stage {Stage.Fit}, not {metadata.Stage}", 0);
        if (metadata.EnvelopeBytes > (ulong)_engine.MaxUpdateBytes)
            return Refuse(upload, UpdateRejection.TooLarge, $"declared {metadata.EnvelopeBytes} bytes, limit {_engine.MaxUpdateBytes}", 0);
        if (!session.TryBeginUpload())
            return Refuse(upload, UpdateRejection.Duplicate, $"'{session.ClientId}' already has an upload in progress", 0);
        try
        {
            return await ReceiveAndSubmitAsync(requestStream, context, upload);
        }
        finally
        {
            session.EndUpload();
        }
    }

    async Task<SubmitUpdateResponse> ReceiveAndSubmitAsync(IAsyncStreamReader<UpdateChunk> requestStream, ServerCallContext context, Upload upload)
    {
        var envelope = new byte[upload.Metadata.EnvelopeBytes];
        long received = 0;
        while (await NextChunkAsync(requestStream, context.CancellationToken) is var next && next != ChunkRead.End)
        {
            if (next == ChunkRead.OverLimit)
                return Refuse(upload, UpdateRejection.TooLarge, $"a message over the gRPC limit of {_engine.MaxMessageBytes} bytes", received);
            var chunk = requestStream.Current;
            if (chunk.ContentCase != UpdateChunk.ContentOneofCase.Data)
                return Refuse(upload, UpdateRejection.Malformed, "metadata may only come first", received);
            if (received + chunk.Data.Length > envelope.Length)
                return Refuse(upload, UpdateRejection.TooLarge, $"more than the declared {envelope.Length} bytes", received + chunk.Data.Length);
            chunk.Data.Span.CopyTo(envelope.AsSpan((int)received));
            received += chunk.Data.Length;
        }
        if (received != envelope.Length)
            return Refuse(upload, UpdateRejection.Malformed, $"received {received} of the declared {envelope.Length} bytes", received);
        var verdict = _engine.Submit(upload.Session, (int)upload.Metadata.Round, envelope, upload.Report, upload.Clock.Elapsed.TotalMilliseconds);
        return Response(verdict);
    }

    enum ChunkRead { Chunk, End, OverLimit }

    /// <summary>The next chunk of an upload. gRPC refuses a message over its size limit before this
    /// service sees it; that refusal is the client's (too large) upload, so it is counted as one.</summary>
    static async Task<ChunkRead> NextChunkAsync(IAsyncStreamReader<UpdateChunk> requestStream, CancellationToken cancellationToken)
    {
        try
        {
            return await requestStream.MoveNext(cancellationToken) ? ChunkRead.Chunk : ChunkRead.End;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            return ChunkRead.OverLimit;
        }
    }

    /// <summary>A refusal decided here, before the envelope reaches the engine's checks, is still counted in the round's metrics.</summary>
    SubmitUpdateResponse Refuse(Upload upload, UpdateRejection reason, string detail, long bytesUp) =>
        Response(_engine.Refuse(upload.Session, (int)upload.Metadata.Round, reason, detail, upload.Report, upload.Clock.Elapsed.TotalMilliseconds, bytesUp));

    static SubmitUpdateResponse Response(UpdateVerdict verdict) => verdict.Accepted
        ? new SubmitUpdateResponse { Accepted = true }
        : new SubmitUpdateResponse { Accepted = false, RejectionReason = verdict.Reason!.Value.ToName(), Detail = verdict.Detail };

    /// <summary>One SubmitUpdate call: who, what it declared, and since when it runs.</summary>
    sealed record Upload(ClientSession Session, UpdateMetadata Metadata, Stopwatch Clock)
    {
        public ClientReport Report { get; } = Metadata.Timings is { } t
            ? new ClientReport(t.SlotWaitMs, t.DownloadMs, t.OpenMs, t.TrainMs, t.SealMs, Metadata.TrainLoss)
            : new ClientReport(0, 0, 0, 0, 0, Metadata.TrainLoss);
    }

    public override Task<EvaluationAck> ReportEvaluation(EvaluationReport request, ServerCallContext context)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        // A count beyond long is clamped: it is then refused as out of range, not wrapped to a negative one.
        long count = request.Count > long.MaxValue ? long.MaxValue : (long)request.Count;
        var verdict = _engine.ReportEvaluation(session, (int)Math.Min(request.Round, int.MaxValue), new EvaluationSummary(request.Loss, request.Accuracy, count));
        return Task.FromResult(verdict.Accepted
            ? new EvaluationAck { Accepted = true }
            : new EvaluationAck { Accepted = false, RejectionReason = verdict.Reason!.Value.ToName(), Detail = verdict.Detail });
    }

    ClientSession Authenticate(string clientId, string token) =>
        _engine.Sessions.Authenticate(clientId, token)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown client or stale session token: join again"));
}
