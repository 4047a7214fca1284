using System.Net;
using FedHybrid.Deployment;

namespace FedHybrid.Experiments;

/// <summary>grpc.health.v1 alone, in cleartext, on its own port, started once the coordinator listens and
/// stopped before it. Kubernetes' gRPC probe speaks neither TLS nor client certificates, so it cannot ask
/// the coordinator's own (mutual TLS) health service; this port serves no coordinator RPC at all.</summary>
public static class CoordinatorHealthEndpoint
{
    public static Task<LabGrpcHost> StartAsync(IPEndPoint endpoint, CancellationToken cancellationToken) =>
        LabGrpcHost.StartCleartextAsync(endpoint, _ => { }, _ => { }, cancellationToken);
}
