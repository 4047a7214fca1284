using System.Security.Cryptography.X509Certificates;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The gRPC face of the coordinator: each call translates its messages and calls
/// <see cref="CoordinatorEndpoint"/>, and maps its refusals to status codes.</summary>
public sealed class CoordinatorService(CoordinatorEndpoint endpoint) : Protocol.Coordinator.CoordinatorBase
{
    public override Task<JoinChallengeResponse> JoinChallenge(JoinChallengeRequest request, ServerCallContext context) =>
        Task.FromResult(Translated(() => endpoint.JoinChallenge(request, CertifiedId(context))));

    public override Task<JoinResponse> Join(JoinRequest request, ServerCallContext context) =>
        Task.FromResult(Translated(() => endpoint.Join(request, CertifiedId(context))));

    public override async Task ReceiveTasks(TaskFeedRequest request, IServerStreamWriter<StageTask> responseStream, ServerCallContext context)
    {
        var tasks = Translated(() => endpoint.TasksAsync(request, context.CancellationToken).GetAsyncEnumerator(context.CancellationToken));
        try
        {
            while (await Translated(() => tasks.MoveNextAsync().AsTask()))
                await responseStream.WriteAsync(tasks.Current, context.CancellationToken);
        }
        finally
        {
            await tasks.DisposeAsync();
        }
    }

    public override async Task DownloadPart(DownloadPartRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        var part = Translated(() => endpoint.Part(request));
        foreach (var chunk in ChunkAssembler.Split(part, endpoint.Engine.Options.MaxChunkBytes))
            await responseStream.WriteAsync(new Chunk { Data = ByteString.CopyFrom(chunk.Span) }, context.CancellationToken);
        endpoint.PartSent(request, part.Length);
    }

    public override async Task AcquireTrainingSlot(TrainingSlotRequest request, IServerStreamWriter<TrainingSlotGrant> responseStream, ServerCallContext context)
    {
        using var lease = await Translated(() => endpoint.AcquireTrainingSlotAsync(request, context.CancellationToken));
        await responseStream.WriteAsync(new TrainingSlotGrant { Slot = 1, YieldAfterMs = TimeSliceMs(endpoint.Engine.Slots.TimeSlice) }, context.CancellationToken);
        // Hold the slot until the client ends the call or disappears.
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task<SubmitReplyResponse> SubmitReply(IAsyncStreamReader<ReplyChunk> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.ContentCase != ReplyChunk.ContentOneofCase.Metadata)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of SubmitReply must carry metadata"));
        using var upload = Translated(() => endpoint.BeginReply(requestStream.Current.Metadata));
        if (upload.Response is { } refused)
            return refused;
        while (true)
        {
            try
            {
                if (!await requestStream.MoveNext(context.CancellationToken))
                    break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                // gRPC refused a message over its limit before this service saw it: the client's reply, too large.
                return upload.OverMessageLimit(endpoint.Engine.MaxMessageBytes);
            }
            var chunk = requestStream.Current;
            if (chunk.ContentCase != ReplyChunk.ContentOneofCase.Data)
                return upload.Violate("metadata may only come first");
            if (!upload.Append(chunk.Data.Span))
                return upload.Response!;
        }
        return upload.Complete();
    }

    static uint TimeSliceMs(TimeSpan slice) => (uint)Math.Min(uint.MaxValue, Math.Ceiling(slice.TotalMilliseconds));

    static string? CertifiedId(ServerCallContext context) =>
        context.GetHttpContext().Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    static T Translated<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (EndpointException e)
        {
            throw new RpcException(new Status(StatusFor(e.Status), e.Message));
        }
    }

    static async Task<T> Translated<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (EndpointException e)
        {
            throw new RpcException(new Status(StatusFor(e.Status), e.Message));
        }
    }

    static StatusCode StatusFor(EndpointStatus status) => status switch
    {
        EndpointStatus.InvalidArgument => StatusCode.InvalidArgument,
        EndpointStatus.Unauthenticated => StatusCode.Unauthenticated,
        EndpointStatus.FailedPrecondition => StatusCode.FailedPrecondition,
        EndpointStatus.Aborted => StatusCode.Aborted,
        EndpointStatus.NotFound => StatusCode.NotFound,
        _ => StatusCode.PermissionDenied,
    };
}
