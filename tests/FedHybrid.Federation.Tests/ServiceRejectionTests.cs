using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;
using Google.Protobuf;

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

    /// <summary>An authenticated client sends a sound sealed update whose metadata says its train loss
    /// was NaN (or a timing is infinite or negative): the update is rejected and counted, and the round's
    /// checkpoint, metrics.csv and clients.csv are written.</summary>
    [Theory]
    [InlineData(double.NaN, 1.0, "not-finite")]
    [InlineData(0.5, double.PositiveInfinity, "not-finite")]
    [InlineData(0.5, -3.0, "report-out-of-range")]
    [InlineData(-0.5, 1.0, "report-out-of-range")]
    public async Task AnUpdateWhoseMetadataReportsAnImpossibleLossOrTimingIsRejectedAndTheRoundIsWritten(double trainLoss, double workMs, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        var engine = TestEngines.Create(_keys, _directory.Path, 8, 1, TimeSpan.FromMinutes(1));
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var client = _keys.Clients[0];
        var joined = await TestJoins.JoinAsync(server.Client, client, ct);
        var run = engine.RunAsync(false, ct);
        var (task, _) = await engine.Sessions.Find(client.Identity.Id)!.NextAsync(0, ct);
        var envelope = StagePlay.SealFit(engine, client, task, new float[8], 10, trainLoss);

        using var upload = server.Client.SubmitReply(cancellationToken: ct);
        await upload.RequestStream.WriteAsync(new ReplyChunk
        {
            Metadata = new ReplyMetadata
            {
                ClientId = client.Identity.Id, SessionToken = joined.SessionToken, Round = task.Round, Stage = task.Stage, TaskId = task.TaskId,
                EnvelopeBytes = (ulong)envelope.Length, Timings = new ClientTimings { WorkMs = workMs },
            },
        }, ct);
        await upload.RequestStream.WriteAsync(new ReplyChunk { Data = ByteString.CopyFrom(envelope) }, ct);
        await upload.RequestStream.CompleteAsync();
        var response = await upload.ResponseAsync;
        Assert.False(response.Accepted);
        Assert.Equal(reason, response.RejectionReason);

        var summary = await run;
        Assert.Equal(1, summary.RejectionReasons[reason]);
        Assert.Equal(1, new CheckpointStore(_directory.Path, _keys.Coordinator).Load().Round);
        Assert.Contains($"{reason}:1", File.ReadAllLines(_directory.Sub("metrics.csv"))[1]);
        Assert.Contains(File.ReadAllLines(_directory.Sub("clients.csv")), r => r.StartsWith($"1,fit,client-1,rejected,{reason},", StringComparison.Ordinal));
    }

    /// <summary>gRPC refuses a message over its size limit before the service sees it; the refusal is
    /// still the client's (too large) submission, counted like one the service decides.</summary>
    [Fact]
    public async Task AChunkOverTheGrpcMessageLimitIsRejectedAndCountedAsTooLarge()
    {
        var ct = TestContext.Current.CancellationToken;
        var engine = TestEngines.Create(_keys, _directory.Path, 8, 1, TimeSpan.FromMinutes(1), maxChunkBytes: 1024);
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var client = _keys.Clients[0];
        var joined = await TestJoins.JoinAsync(server.Client, client, ct);
        var run = engine.RunAsync(false, ct);
        var (task, _) = await engine.Sessions.Find(client.Identity.Id)!.NextAsync(0, ct);

        int oversized = engine.MaxMessageBytes + 1;
        using var upload = server.Client.SubmitReply(cancellationToken: ct);
        await upload.RequestStream.WriteAsync(new ReplyChunk
        {
            Metadata = new ReplyMetadata
            {
                ClientId = client.Identity.Id, SessionToken = joined.SessionToken, Round = task.Round, Stage = task.Stage, TaskId = task.TaskId,
                EnvelopeBytes = (ulong)oversized,
            },
        }, ct);
        // The stream may be cut once the server refuses the message: the outcome is read from the metrics.
        try
        {
            await upload.RequestStream.WriteAsync(new ReplyChunk { Data = ByteString.CopyFrom(new byte[oversized]) }, ct);
            await upload.RequestStream.CompleteAsync();
            var response = await upload.ResponseAsync;
            Assert.Equal("too-large", response.RejectionReason);
        }
        catch (Grpc.Core.RpcException)
        {
        }

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
