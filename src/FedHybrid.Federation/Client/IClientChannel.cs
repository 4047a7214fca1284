using FedHybrid.Federation.Protocol;

namespace FedHybrid.Federation.Client;

/// <summary>
/// The client's connection to the coordinator, one call per operation of the wire contract. gRPC is
/// one implementation (<see cref="GrpcClientChannel"/>); <see cref="InProcessClientChannel"/> calls the
/// coordinator's endpoint directly, so the client runtime is tested without a server. Every method
/// throws <see cref="Wire.EndpointException"/> when the coordinator refuses and
/// <see cref="Wire.CoordinatorUnreachableException"/> when it cannot be reached.
/// </summary>
public interface IClientChannel : IAsyncDisposable
{
    Task<JoinChallengeResponse> JoinChallengeAsync(JoinChallengeRequest request, CancellationToken cancellationToken);

    Task<JoinResponse> JoinAsync(JoinRequest request, CancellationToken cancellationToken);

    /// <summary>This client's stage tasks, in order, until the finished task.</summary>
    IAsyncEnumerable<StageTask> TasksAsync(TaskFeedRequest request, CancellationToken cancellationToken);

    /// <summary>One sealed part, reassembled against <paramref name="declaredBytes"/> and <paramref name="limit"/>.</summary>
    Task<byte[]> DownloadPartAsync(DownloadPartRequest request, ulong declaredBytes, long limit, CancellationToken cancellationToken);

    /// <summary>Waits until this client may train; dispose the result to give the slot back.</summary>
    Task<TrainingSlotLease> AcquireTrainingSlotAsync(TrainingSlotRequest request, CancellationToken cancellationToken);

    /// <summary>Streams <paramref name="envelope"/> in chunks of at most <paramref name="chunkBytes"/> after its metadata.</summary>
    Task<SubmitReplyResponse> SubmitReplyAsync(ReplyMetadata metadata, byte[] envelope, int chunkBytes, CancellationToken cancellationToken);
}
