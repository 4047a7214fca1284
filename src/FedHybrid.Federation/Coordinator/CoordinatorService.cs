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
    readonly RoundEngine _engine;

    public CoordinatorService(RoundEngine engine) => _engine = engine;

    public override Task<JoinResponse> Join(JoinRequest request, ServerCallContext context)
    {
        if (request.ClientId.Length is 0 or > MaxClientIdLength || !request.ClientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"client_id must be 1-{MaxClientIdLength} characters of [A-Za-z0-9._-]"));
        if (request.EnvelopePublicKey.Length > MaxPublicKeyBytes || request.SigningPublicKey.Length > MaxPublicKeyBytes)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"public keys are limited to {MaxPublicKeyBytes} bytes"));
        // Under mutual TLS the certificate names the client: a lab client cannot join as another.
        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate
            && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is var certifiedId && certifiedId != request.ClientId)
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"the TLS client certificate is issued to '{certifiedId}', not to '{request.ClientId}'"));
        if (request.Suite != _engine.Suite)
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"the run uses suite '{_engine.Suite}', the client '{request.Suite}'"));
        ClientSession session;
        try
        {
            session = _engine.Sessions.Join(new PublicIdentity(request.ClientId, request.EnvelopePublicKey.ToByteArray(), request.SigningPublicKey.ToByteArray()));
        }
        catch (JoinRefusedException e)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
        }
        var options = _engine.Options;
        return Task.FromResult(new JoinResponse
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
        });
    }

    public override async Task ReceiveTasks(TaskFeedRequest request, IServerStreamWriter<RoundTask> responseStream, ServerCallContext context)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        int seen = 0;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            (RoundTask task, seen) = await session.NextAsync(seen, context.CancellationToken);
            await responseStream.WriteAsync(task, context.CancellationToken);
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
        if (metadata.EnvelopeBytes > (ulong)_engine.MaxUpdateBytes)
            return Rejected(UpdateRejection.TooLarge, $"declared {metadata.EnvelopeBytes} bytes, limit {_engine.MaxUpdateBytes}");
        if (!session.TryBeginUpload())
            return Rejected(UpdateRejection.Duplicate, $"'{session.ClientId}' already has an upload in progress");
        try
        {
            return await ReceiveAndSubmitAsync(requestStream, context, session, metadata, clock);
        }
        finally
        {
            session.EndUpload();
        }
    }

    async Task<SubmitUpdateResponse> ReceiveAndSubmitAsync(IAsyncStreamReader<UpdateChunk> requestStream, ServerCallContext context,
        ClientSession session, UpdateMetadata metadata, Stopwatch clock)
    {
        var envelope = new byte[metadata.EnvelopeBytes];
        long received = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var chunk = requestStream.Current;
            if (chunk.ContentCase != UpdateChunk.ContentOneofCase.Data)
                throw new RpcException(new Status(StatusCode.InvalidArgument, "metadata may only come first"));
            if (received + chunk.Data.Length > envelope.Length)
                return Rejected(UpdateRejection.TooLarge, $"more than the declared {envelope.Length} bytes");
            chunk.Data.Span.CopyTo(envelope.AsSpan((int)received));
            received += chunk.Data.Length;
        }
        if (received != envelope.Length)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"received {received} of the declared {envelope.Length} bytes"));
        double uploadMs = clock.Elapsed.TotalMilliseconds;
        var t = metadata.Timings ?? new ClientTimings();
        var report = new ClientReport(t.SlotWaitMs, t.DownloadMs, t.OpenMs, t.TrainMs, t.SealMs, metadata.TrainLoss);
        var verdict = _engine.Submit(session, (int)metadata.Round, envelope, report, uploadMs);
        return verdict.Accepted
            ? new SubmitUpdateResponse { Accepted = true }
            : Rejected(verdict.Reason!.Value, verdict.Detail);
    }

    public override Task<EvaluationAck> ReportEvaluation(EvaluationReport request, ServerCallContext context)
    {
        var session = Authenticate(request.ClientId, request.SessionToken);
        bool accepted = _engine.ReportEvaluation(session, (int)request.Round, new EvaluationSummary(request.Loss, request.Accuracy, (long)request.Count));
        return Task.FromResult(new EvaluationAck { Accepted = accepted });
    }

    ClientSession Authenticate(string clientId, string token) =>
        _engine.Sessions.Authenticate(clientId, token)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown client or stale session token: join again"));

    static SubmitUpdateResponse Rejected(UpdateRejection reason, string detail) =>
        new() { Accepted = false, RejectionReason = reason.ToName(), Detail = detail };
}
