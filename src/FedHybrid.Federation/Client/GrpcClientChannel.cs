using System.Runtime.CompilerServices;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Wire;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FedHybrid.Federation.Client;

/// <summary><see cref="IClientChannel"/> over gRPC: a few lines per call that translate messages and
/// status codes.</summary>
public sealed class GrpcClientChannel : IClientChannel
{
    readonly GrpcChannel _channel;
    readonly Protocol.Coordinator.CoordinatorClient _client;

    /// <param name="handler">The HTTP handler (a lab's client certificate and CA); null for the default. It is not disposed with the
    /// channel (grpc-dotnet's default), so a client host's virtual clients can share one.</param>
    public GrpcClientChannel(Uri coordinator, HttpMessageHandler? handler = null)
    {
        _channel = GrpcChannel.ForAddress(coordinator, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 2 << 20,
            MaxSendMessageSize = 2 << 20,
        });
        _client = new Protocol.Coordinator.CoordinatorClient(_channel);
    }

    public Task<JoinChallengeResponse> JoinChallengeAsync(JoinChallengeRequest request, CancellationToken cancellationToken) =>
        Call(async () => await _client.JoinChallengeAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false));

    public Task<JoinResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Call(async () => await _client.JoinAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false));

    public async IAsyncEnumerable<StageTask> TasksAsync(TaskFeedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = _client.ReceiveTasks(request, cancellationToken: cancellationToken);
        while (await Call(() => feed.ResponseStream.MoveNext(cancellationToken)).ConfigureAwait(false))
            yield return feed.ResponseStream.Current;
    }

    public Task<byte[]> DownloadPartAsync(DownloadPartRequest request, ulong declaredBytes, long limit, CancellationToken cancellationToken) => Call(async () =>
    {
        var whole = new ChunkAssembler(declaredBytes, limit, $"part {request.Part} of {request.TaskId}");
        using var download = _client.DownloadPart(request, cancellationToken: cancellationToken);
        while (await download.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            whole.Append(download.ResponseStream.Current.Data.Span);
        return whole.Complete();
    });

    public Task<TrainingSlotLease> AcquireTrainingSlotAsync(TrainingSlotRequest request, CancellationToken cancellationToken) => Call(async () =>
    {
        var slot = _client.AcquireTrainingSlot(request, cancellationToken: cancellationToken);
        try
        {
            if (!await slot.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                throw new CoordinatorUnreachableException("the coordinator closed the training slot without a grant");
        }
        catch
        {
            slot.Dispose();
            throw;
        }
        return new TrainingSlotLease(TimeSpan.FromMilliseconds(slot.ResponseStream.Current.YieldAfterMs), () =>
        {
            slot.Dispose();
            return ValueTask.CompletedTask;
        });
    });

    public Task<SubmitReplyResponse> SubmitReplyAsync(ReplyMetadata metadata, byte[] envelope, int chunkBytes, CancellationToken cancellationToken) => Call(async () =>
    {
        using var upload = _client.SubmitReply(cancellationToken: cancellationToken);
        await upload.RequestStream.WriteAsync(new ReplyChunk { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ChunkAssembler.Split(envelope, chunkBytes))
            await upload.RequestStream.WriteAsync(new ReplyChunk { Data = ByteString.CopyFrom(chunk.Span) }, cancellationToken).ConfigureAwait(false);
        await upload.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await upload.ResponseAsync.ConfigureAwait(false);
    });

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Refusals become <see cref="EndpointException"/>s; a lost or unreachable coordinator (an
    /// RPC failure, an HTTP error, a connection broken under a stream) a
    /// <see cref="CoordinatorUnreachableException"/>; cancellation by the caller stays cancellation.</summary>
    static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (Refusal(e.StatusCode) is { } status)
        {
            throw new EndpointException(status, e.Status.Detail);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new CoordinatorUnreachableException($"{e.StatusCode}: {e.Status.Detail}", e);
        }
        catch (RpcException e)
        {
            throw new OperationCanceledException(e.Status.Detail, e);
        }
        catch (HttpRequestException e)
        {
            throw new CoordinatorUnreachableException(e.Message, e);
        }
        catch (IOException e)
        {
            // A broken HTTP/2 connection reaches a streaming call as a bare IOException ("The request was
            // aborted"): the coordinator is lost mid-call, not refusing (the chaos test found clients dying of it).
            throw new CoordinatorUnreachableException(e.Message, e);
        }
    }

    static EndpointStatus? Refusal(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => EndpointStatus.InvalidArgument,
        StatusCode.Unauthenticated => EndpointStatus.Unauthenticated,
        StatusCode.PermissionDenied => EndpointStatus.PermissionDenied,
        StatusCode.FailedPrecondition => EndpointStatus.FailedPrecondition,
        StatusCode.Aborted => EndpointStatus.Aborted,
        StatusCode.NotFound => EndpointStatus.NotFound,
        _ => null,
    };
}
