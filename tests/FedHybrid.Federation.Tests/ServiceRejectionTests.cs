using System.Net;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using Grpc.Net.Client;

namespace FedHybrid.Federation.Tests;

/// <summary>An upload the gRPC service refuses before the engine checks it is still counted in the round's metrics.</summary>
public sealed class ServiceRejectionTests : IDisposable
{
    readonly TestKeys _keys = new(1);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-refuse-" + Guid.NewGuid().ToString("n")[..10]);

    [Fact]
    public async Task AnUploadDeclaredTooLargeIsRejectedAndCountedInMetricsAndClientsCsv()
    {
        var ct = TestContext.Current.CancellationToken;
        var engine = TestEngines.Create(_keys, _directory, 8, 1, TimeSpan.FromMinutes(1));
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, ct);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var coordinator = new Protocol.Coordinator.CoordinatorClient(channel);
        var client = _keys.Clients[0];
        var joined = await TestJoins.JoinAsync(coordinator, client, ct);
        var run = engine.RunAsync(false, ct);
        var (task, _) = await engine.Sessions.Find(client.Identity.Id)!.NextAsync(0, ct);

        using var upload = coordinator.SubmitUpdate(cancellationToken: ct);
        await upload.RequestStream.WriteAsync(new UpdateChunk
        {
            Metadata = new UpdateMetadata
            {
                ClientId = client.Identity.Id, SessionToken = joined.SessionToken, Round = task.Round, Stage = Stage.Fit,
                EnvelopeBytes = (ulong)engine.MaxUpdateBytes + 1,
            },
        }, ct);
        await upload.RequestStream.CompleteAsync();
        var response = await upload.ResponseAsync;
        Assert.False(response.Accepted);
        Assert.Equal("too-large", response.RejectionReason);

        // The refusal was this client's submission: the round closes without waiting for the deadline.
        var summary = await run;
        Assert.Equal(1, summary.UpdatesRejected);
        Assert.Equal(1, summary.RejectionReasons["too-large"]);
        Assert.Contains("too-large:1", File.ReadAllLines(Path.Combine(_directory, "metrics.csv"))[1]);
        Assert.Contains(File.ReadAllLines(Path.Combine(_directory, "clients.csv")), r => r.StartsWith("1,client-1,rejected,too-large,", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _keys.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
