using System.Net;
using FedHybrid.Federation.Coordinator;
using Grpc.Net.Client;

namespace FedHybrid.Federation.Tests;

/// <summary>A coordinator host on a free loopback port and a gRPC client of it.</summary>
sealed class TestCoordinator : IAsyncDisposable
{
    readonly CoordinatorHost _host;
    readonly GrpcChannel _channel;

    TestCoordinator(CoordinatorHost host)
    {
        _host = host;
        _channel = GrpcChannel.ForAddress(host.Address);
        Client = new Protocol.Coordinator.CoordinatorClient(_channel);
    }

    public Protocol.Coordinator.CoordinatorClient Client { get; }

    public Uri Address => _host.Address;

    public static async Task<TestCoordinator> StartAsync(StageEngine engine, CancellationToken ct) =>
        new(await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, ct));

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }
}
