using FedHybrid.Federation.Protocol;
using Google.Protobuf;
using Grpc.Core;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// The coordinator's service as a man in the middle: each call is forwarded to the real coordinator, every
/// message both ways is recorded, and a SubmitReply stream named by the tamper plan is altered before it
/// goes on. The upstream's status codes reach the client unchanged.
/// </summary>
public sealed class ProxyService(InterceptingProxy proxy) : Coordinator.CoordinatorBase
{
    readonly Coordinator.CoordinatorClient _upstream = proxy.Upstream;
    readonly WireCapture _capture = proxy.Capture;

    public override Task<JoinChallengeResponse> JoinChallenge(JoinChallengeRequest request, ServerCallContext context) =>
        UnaryAsync(nameof(JoinChallenge), request.ClientId, request, r => _upstream.JoinChallengeAsync(r, cancellationToken: context.CancellationToken));

    public override Task<JoinResponse> Join(JoinRequest request, ServerCallContext context) =>
        UnaryAsync(nameof(Join), request.ClientId, request, r => _upstream.JoinAsync(r, cancellationToken: context.CancellationToken));

    public override Task ReceiveTasks(TaskFeedRequest request, IServerStreamWriter<StageTask> responseStream, ServerCallContext context)
    {
        _capture.Record(WireDirection.ToCoordinator, nameof(ReceiveTasks), request.ClientId, 0, "", request);
        return Forwarded(async () =>
        {
            using var call = _upstream.ReceiveTasks(request, cancellationToken: context.CancellationToken);
            while (await call.ResponseStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                var task = call.ResponseStream.Current;
                _capture.Record(WireDirection.ToClient, nameof(ReceiveTasks), request.ClientId, (int)task.Round, task.Stage, task);
                await responseStream.WriteAsync(task, context.CancellationToken).ConfigureAwait(false);
            }
        });
    }

    public override Task DownloadPart(DownloadPartRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        var (round, stage) = _capture.Task(request.TaskId);
        _capture.Record(WireDirection.ToCoordinator, nameof(DownloadPart), request.ClientId, round, stage, request);
        return Forwarded(async () =>
        {
            using var call = _upstream.DownloadPart(request, cancellationToken: context.CancellationToken);
            while (await call.ResponseStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                _capture.Record(WireDirection.ToClient, nameof(DownloadPart), request.ClientId, round, stage, call.ResponseStream.Current);
                await responseStream.WriteAsync(call.ResponseStream.Current, context.CancellationToken).ConfigureAwait(false);
            }
        });
    }

    public override async Task AcquireTrainingSlot(TrainingSlotRequest request, IServerStreamWriter<TrainingSlotGrant> responseStream, ServerCallContext context)
    {
        _capture.Record(WireDirection.ToCoordinator, nameof(AcquireTrainingSlot), request.ClientId, (int)request.Round, "", request);
        try
        {
            await Forwarded(async () =>
            {
                // The upstream call holds the slot until the client ends its call, which cancels this one.
                using var call = _upstream.AcquireTrainingSlot(request, cancellationToken: context.CancellationToken);
                while (await call.ResponseStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
                {
                    _capture.Record(WireDirection.ToClient, nameof(AcquireTrainingSlot), request.ClientId, (int)request.Round, "", call.ResponseStream.Current);
                    await responseStream.WriteAsync(call.ResponseStream.Current, context.CancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (RpcException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    public override async Task<SubmitReplyResponse> SubmitReply(IAsyncStreamReader<ReplyChunk> requestStream, ServerCallContext context)
    {
        // The whole stream first: the attacker may need all of it (a chunk swap, a consistent truncation).
        ReplyMetadata? metadata = null;
        var envelope = new MemoryStream();
        int chunkBytes = 0;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var chunk = requestStream.Current;
            if (chunk.ContentCase == ReplyChunk.ContentOneofCase.Metadata)
                metadata ??= chunk.Metadata;
            else
            {
                envelope.Write(chunk.Data.Span);
                chunkBytes = Math.Max(chunkBytes, chunk.Data.Length);
            }
            _capture.Record(WireDirection.ToCoordinator, nameof(SubmitReply), metadata?.ClientId ?? "", (int)(metadata?.Round ?? 0), metadata?.Stage ?? "", chunk);
        }
        if (metadata is null)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of SubmitReply must carry metadata"));
        var bytes = envelope.ToArray();
        _capture.RecordReply(metadata, bytes);

        var action = proxy.Plan.Find(metadata.ClientId, (int)metadata.Round, metadata.Stage);
        var sent = action is null
            ? new TamperedReply(metadata, bytes, false, "")
            : await ReplyTamperer.ApplyAsync(action, metadata, bytes, _capture, proxy.Plan, context.CancellationToken).ConfigureAwait(false);
        SubmitReplyResponse response;
        try
        {
            response = await ForwardReplyAsync(sent, Math.Max(chunkBytes, 1024), context.CancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (action is not null)
        {
            proxy.Record(new TamperOutcome(action, sent.Applied, sent.Description, false, $"rpc-{e.StatusCode}", e.Status.Detail));
            _capture.RecordVerdict(new ForwardedVerdict(metadata.ClientId, (int)metadata.Round, metadata.Stage, false, $"rpc-{e.StatusCode}"));
            throw new RpcException(e.Status);
        }
        _capture.Record(WireDirection.ToClient, nameof(SubmitReply), metadata.ClientId, (int)metadata.Round, metadata.Stage, response);
        _capture.RecordVerdict(new ForwardedVerdict(metadata.ClientId, (int)metadata.Round, metadata.Stage, response.Accepted, response.RejectionReason));
        if (action is not null)
            proxy.Record(new TamperOutcome(action, sent.Applied, sent.Description, response.Accepted, response.RejectionReason, response.Detail));
        return response;
    }

    async Task<SubmitReplyResponse> ForwardReplyAsync(TamperedReply reply, int chunkBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var call = _upstream.SubmitReply(cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new ReplyChunk { Metadata = reply.Metadata }, cancellationToken).ConfigureAwait(false);
            for (int at = 0; at < reply.Envelope.Length; at += chunkBytes)
            {
                var data = ByteString.CopyFrom(reply.Envelope.AsSpan(at, Math.Min(chunkBytes, reply.Envelope.Length - at)));
                await call.RequestStream.WriteAsync(new ReplyChunk { Data = data }, cancellationToken).ConfigureAwait(false);
            }
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw new RpcException(e.Status);
        }
    }

    async Task<TResponse> UnaryAsync<TRequest, TResponse>(string rpc, string clientId, TRequest request, Func<TRequest, AsyncUnaryCall<TResponse>> call)
        where TRequest : IMessage where TResponse : IMessage
    {
        _capture.Record(WireDirection.ToCoordinator, rpc, clientId, 0, "", request);
        try
        {
            var response = await call(request).ConfigureAwait(false);
            _capture.Record(WireDirection.ToClient, rpc, clientId, 0, "", response);
            return response;
        }
        catch (RpcException e)
        {
            throw new RpcException(e.Status); // the upstream's refusal, as the coordinator gave it
        }
    }

    static async Task Forwarded(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw new RpcException(e.Status);
        }
    }
}
