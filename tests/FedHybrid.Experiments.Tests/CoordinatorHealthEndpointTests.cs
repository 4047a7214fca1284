using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FedHybrid.Experiments.Tests;

/// <summary>The cleartext port that Kubernetes' gRPC probe asks (`coordinator --health-listen`).</summary>
public sealed class CoordinatorHealthEndpointTests
{
    [Fact]
    public async Task ItAnswersServingInCleartextAndServesNoCoordinatorRpc()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var health = await CoordinatorHealthEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        Assert.Equal("http", health.Address.Scheme);
        using var channel = GrpcChannel.ForAddress(health.Address);
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);

        var coordinator = new FedHybrid.Federation.Protocol.Coordinator.CoordinatorClient(channel);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await coordinator.JoinAsync(new FedHybrid.Federation.Protocol.JoinRequest(), cancellationToken: ct));
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }
}
