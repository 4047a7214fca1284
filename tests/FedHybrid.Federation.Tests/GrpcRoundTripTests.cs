using System.Net;
using System.Net.Sockets;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Coordinator;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FedHybrid.Federation.Tests;

/// <summary>The coordinator service and the client runtime over real gRPC on loopback, in one process.</summary>
public sealed class GrpcRoundTripTests : IDisposable
{
    const int Parameters = 16;
    readonly TestKeys _keys = new(2);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-grpc-" + Guid.NewGuid().ToString("n")[..10]);

    StageEngine Engine(int rounds) =>
        TestEngines.Create(_keys, _directory, Parameters, rounds, TimeSpan.FromMinutes(2), maxChunkBytes: 64, fractionEvaluate: 1.0);

    FederatedClient Client(int index, Uri address, float step) =>
        new(new ClientOptions(_keys.Coordinator.Identity) { InitialBackoff = TimeSpan.FromMilliseconds(50) },
            _keys.Clients[index], () => new GrpcClientChannel(address), (_, _) => new FakeTrainer(Parameters, step, 10));

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ClientsStartedBeforeTheCoordinatorRetryJoinTrainInTurnsAndFinish()
    {
        var ct = TestContext.Current.CancellationToken;
        int port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        // Clients first: they must back off and retry until the coordinator is up.
        var clients = new[] { Client(0, address, 0.1f).RunAsync(ct), Client(1, address, 0.3f).RunAsync(ct) };
        await Task.Delay(300, ct);
        var engine = Engine(rounds: 2);
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions { Listen = new IPEndPoint(IPAddress.Loopback, port) }, ct);

        using (var channel = GrpcChannel.ForAddress(host.Address))
        {
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        }

        var summary = await engine.RunAsync(false, ct);
        Assert.Equal([ClientExitCode.Finished, ClientExitCode.Finished], await Task.WhenAll(clients));
        // Per round each client answers a fit and an evaluate stage.
        var clientRows = File.ReadAllLines(Path.Combine(_directory, "clients.csv"));
        Assert.True(summary.UpdatesAccepted == 8, string.Join("\n", clientRows));
        Assert.Equal(4, clientRows.Count(r => r.Contains(",fit,", StringComparison.Ordinal) && r.Contains(",accepted,", StringComparison.Ordinal)));
        // Two rounds of the mean step 0.2, chunked 64 bytes at a time each way.
        Assert.Equal(0.4, summary.FinalTestAccuracy, 5);
        var metrics = File.ReadAllLines(Path.Combine(_directory, "metrics.csv"));
        Assert.Equal(3, metrics.Length);
    }

    /// <summary>The coordinator's clock as a client 90 s fast sees it: 90 s behind its own.</summary>
    sealed class SlowWallClock(TimeSpan behind) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - behind;
    }

    [Fact]
    public async Task AClientWhoseClockIsNinetySecondsFastStillMeetsAOneMinuteDeadline()
    {
        var ct = TestContext.Current.CancellationToken;
        // Deadlines an absolute instant would put 30 s in this client's past.
        var engine = TestEngines.Create(_keys, _directory, Parameters, 1, TimeSpan.FromMinutes(1), time: new SlowWallClock(TimeSpan.FromSeconds(90)));
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions(), ct);
        var clients = new[] { Client(0, host.Address, 0.1f).RunAsync(ct), Client(1, host.Address, 0.3f).RunAsync(ct) };
        var summary = await engine.RunAsync(false, ct);
        Assert.Equal([ClientExitCode.Finished, ClientExitCode.Finished], await Task.WhenAll(clients));
        Assert.True(summary.UpdatesAccepted == 2, string.Join("\n", File.ReadAllLines(Path.Combine(_directory, "clients.csv"))));
    }

    [Fact]
    public async Task AnUnprovisionedClientIsRefusedAtJoin()
    {
        var ct = TestContext.Current.CancellationToken;
        using var strangers = new TestKeys(1);
        var engine = Engine(rounds: 1);
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions(), ct);
        var stranger = new FederatedClient(new ClientOptions(_keys.Coordinator.Identity), strangers.Clients[0], () => new GrpcClientChannel(host.Address),
            (_, _) => new FakeTrainer(Parameters, 0, 1));
        Assert.Equal(ClientExitCode.RefusedAtJoin, await stranger.RunAsync(ct));
        Assert.Equal(0, engine.Sessions.JoinedCount);
    }

    public void Dispose()
    {
        _keys.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
