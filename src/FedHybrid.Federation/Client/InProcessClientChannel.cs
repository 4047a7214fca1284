using System.Runtime.CompilerServices;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Wire;

namespace FedHybrid.Federation.Client;

/// <summary><see cref="IClientChannel"/> that calls a coordinator's <see cref="CoordinatorEndpoint"/> in
/// this process: the whole protocol (sealed parts, sealed replies, every check) without sockets or
/// HTTP/2, for tests and for virtual clients that share a process with their coordinator.</summary>
public sealed class InProcessClientChannel(CoordinatorEndpoint endpoint, string? certifiedId = null) : IClientChannel
{
    public Task<JoinChallengeResponse> JoinChallengeAsync(JoinChallengeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(endpoint.JoinChallenge(request.Clone(), certifiedId));

    public Task<JoinResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(endpoint.Join(request.Clone(), certifiedId));

    public async IAsyncEnumerable<StageTask> TasksAsync(TaskFeedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var task in endpoint.TasksAsync(request.Clone(), cancellationToken).ConfigureAwait(false))
            yield return task;
    }

    public Task<byte[]> DownloadPartAsync(DownloadPartRequest request, ulong declaredBytes, long limit, CancellationToken cancellationToken)
    {
        var part = endpoint.Part(request);
        var whole = new ChunkAssembler(declaredBytes, limit, $"part {request.Part} of {request.TaskId}");
        whole.Append(part);
        endpoint.PartSent(request, part.Length);
        return Task.FromResult(whole.Complete());
    }

    public async Task<TrainingSlotLease> AcquireTrainingSlotAsync(TrainingSlotRequest request, CancellationToken cancellationToken)
    {
        var slot = await endpoint.AcquireTrainingSlotAsync(request, cancellationToken).ConfigureAwait(false);
        return new TrainingSlotLease(endpoint.Engine.Slots.TimeSlice, () =>
        {
            slot.Dispose();
            return ValueTask.CompletedTask;
        });
    }

    public Task<SubmitReplyResponse> SubmitReplyAsync(ReplyMetadata metadata, byte[] envelope, int chunkBytes, CancellationToken cancellationToken)
    {
        using var upload = endpoint.BeginReply(metadata.Clone());
        if (upload.Response is { } refused)
            return Task.FromResult(refused);
        foreach (var chunk in ChunkAssembler.Split(envelope, chunkBytes))
            if (!upload.Append(chunk.Span))
                return Task.FromResult(upload.Response!);
        return Task.FromResult(upload.Complete());
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
