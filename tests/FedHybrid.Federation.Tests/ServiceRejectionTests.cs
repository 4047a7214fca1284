using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Tests.Lab;

namespace FedHybrid.Federation.Tests;

/// <summary>An upload the gRPC service refuses before the engine checks it is still counted in the round's metrics.</summary>
public sealed class ServiceRejectionTests : IDisposable
{
    readonly TestKeys _keys = new(1);
    readonly TempDirectory _directory = new();

    [Fact]
    public async Task AnUploadDeclaredTooLargeIsRejectedAndCountedInMetricsAndClientsCsv()
    {
        var ct = TestContext.Current.CancellationToken;
        var engine = TestEngines.Create(_keys, _directory.Path, 8, 1, TimeSpan.FromMinutes(1));
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var coordinator = server.Client;
        var client = _keys.Clients[0];
        var joined = await TestJoins.JoinAsync(coordinator, client, ct);
        var run = engine.RunAsync(false, ct);
        var (task, _) = await engine.Sessions.Find(client.Identity.Id)!.NextAsync(0, ct);

        using var upload = coordinator.SubmitReply(cancellationToken: ct);
        await upload.RequestStream.WriteAsync(new ReplyChunk
        {
            Metadata = new ReplyMetadata
            {
                ClientId = client.Identity.Id, SessionToken = joined.SessionToken, Round = task.Round, Stage = task.Stage, TaskId = task.TaskId,
                EnvelopeBytes = (ulong)engine.MaxReplyBytes + 1,
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
        Assert.Contains("too-large:1", File.ReadAllLines(_directory.Sub("metrics.csv"))[1]);
        Assert.Contains(File.ReadAllLines(_directory.Sub("clients.csv")), r => r.StartsWith("1,fit,client-1,rejected,too-large,", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _keys.Dispose();
        _directory.Dispose();
    }
}
