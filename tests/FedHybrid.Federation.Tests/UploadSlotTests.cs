using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Federation.Tests;

/// <summary>A client streams one update at a time, so it cannot make the coordinator hold many buffers.</summary>
public sealed class UploadSlotTests : IDisposable
{
    readonly TestKeys _keys = new(1);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "fedhybrid-upload-" + Guid.NewGuid().ToString("n")[..10]);

    [Fact]
    public void ASessionHasOneUploadSlot()
    {
        var session = new ClientSession(_keys.Clients[0].Identity);
        Assert.True(session.TryBeginUpload());
        Assert.False(session.TryBeginUpload());
        session.EndUpload();
        Assert.True(session.TryBeginUpload());
    }

    [Fact]
    public async Task ASecondConcurrentUploadIsRefusedAndTheSlotIsFreedAfterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        var engine = TestEngines.Create(_keys, _directory, 16, 1, TimeSpan.FromMinutes(1));
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var coordinator = server.Client;
        var identity = _keys.Clients[0].Identity;
        var joined = await TestJoins.JoinAsync(coordinator, _keys.Clients[0], ct);
        var metadata = new UpdateChunk { Metadata = new UpdateMetadata { ClientId = identity.Id, SessionToken = joined.SessionToken, Round = 1, Stage = Stage.Fit, EnvelopeBytes = 4 } };

        using var first = coordinator.SubmitUpdate(cancellationToken: ct);
        await first.RequestStream.WriteAsync(metadata, ct);

        // The first stream holds the slot once the server has read its metadata. A second stream sent
        // before that would be taken as this round's (empty) submission, so wait for the slot first.
        var session = engine.Sessions.Find(identity.Id)!;
        for (int attempt = 0; attempt < 1000 && !session.Uploading; attempt++)
            await Task.Delay(10, ct);
        Assert.True(session.Uploading, "the first upload never took the slot");

        using var second = coordinator.SubmitUpdate(cancellationToken: ct);
        await second.RequestStream.WriteAsync(metadata, ct);
        await second.RequestStream.CompleteAsync();
        var refused = await second.ResponseAsync;
        Assert.Contains("upload in progress", refused.Detail);
        Assert.False(refused.Accepted);
        Assert.Equal("duplicate", refused.RejectionReason);

        await first.RequestStream.WriteAsync(new UpdateChunk { Data = ByteString.CopyFrom(1, 2, 3, 4) }, ct);
        await first.RequestStream.CompleteAsync();
        var firstResponse = await first.ResponseAsync;
        Assert.DoesNotContain("upload in progress", firstResponse.Detail);

        using var third = coordinator.SubmitUpdate(cancellationToken: ct);
        await third.RequestStream.WriteAsync(metadata, ct);
        await third.RequestStream.WriteAsync(new UpdateChunk { Data = ByteString.CopyFrom(1, 2, 3, 4) }, ct);
        await third.RequestStream.CompleteAsync();
        Assert.DoesNotContain("upload in progress", (await third.ResponseAsync).Detail);
    }

    public void Dispose()
    {
        _keys.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
