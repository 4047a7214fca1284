using Grpc.Core;

namespace FedHybrid.Fuzz;

/// <summary>The least a gRPC service method needs of its call when it is called directly, without a server.</summary>
sealed class FuzzServerCallContext : ServerCallContext
{
    readonly Metadata _trailers = [];

    protected override string MethodCore => "/fedhybrid.v1.Coordinator/SubmitUpdate";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "ipv4:127.0.0.1:1";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore => [];
    protected override CancellationToken CancellationTokenCore => CancellationToken.None;
    protected override Metadata ResponseTrailersCore => _trailers;
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
