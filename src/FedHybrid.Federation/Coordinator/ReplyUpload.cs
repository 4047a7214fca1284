using System.Diagnostics;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Wire;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// One reply being received: holds the client's one upload slot, reassembles the chunks against the
/// declared size and the coordinator's limit, and ends with the engine's verdict. Whatever ends it
/// (completed, refused for its size or shape, abandoned) is counted in the stage's metrics once.
/// </summary>
public sealed class ReplyUpload : IDisposable
{
    readonly CoordinatorEndpoint _endpoint;
    readonly ClientSession _session;
    readonly ReplyMetadata _metadata;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly ChunkAssembler? _chunks;
    readonly bool _holdsSlot;

    internal ReplyUpload(CoordinatorEndpoint endpoint, ClientSession session, ReplyMetadata metadata)
    {
        _endpoint = endpoint;
        _session = session;
        _metadata = metadata;
        try
        {
            _chunks = new ChunkAssembler(metadata.EnvelopeBytes, endpoint.Engine.MaxReplyBytes, "the reply");
        }
        catch (ChunkLimitException e)
        {
            Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.TooLarge, e.Message, 0, 0));
            return;
        }
        _holdsSlot = session.TryBeginUpload();
        if (!_holdsSlot)
            Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.Duplicate, $"'{session.ClientId}' already has an upload in progress", 0, 0));
    }

    /// <summary>Set once the upload has its answer (possibly before any chunk arrived).</summary>
    public SubmitReplyResponse? Response { get; private set; }

    /// <summary>Adds envelope bytes; false once the upload has been refused (the answer is in <see cref="Response"/>).</summary>
    public bool Append(ReadOnlySpan<byte> chunk)
    {
        if (Response is not null)
            return false;
        try
        {
            _chunks!.Append(chunk);
            return true;
        }
        catch (ChunkLimitException e)
        {
            Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.TooLarge, e.Message, Ms, _chunks!.Received + chunk.Length));
            return false;
        }
    }

    /// <summary>gRPC refused a message over its size limit before the service saw it: that is this
    /// client's (too large) reply, counted as one.</summary>
    public SubmitReplyResponse OverMessageLimit(int limit) =>
        Response ?? Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.TooLarge, $"a message over the gRPC limit of {limit} bytes", Ms, _chunks?.Received ?? 0));

    /// <summary>A message broke the upload protocol (metadata again after data): refused as malformed.</summary>
    public SubmitReplyResponse Violate(string detail) =>
        Response ?? Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.Malformed, detail, Ms, _chunks?.Received ?? 0));

    /// <summary>Every chunk is in: the engine checks the reply.</summary>
    public SubmitReplyResponse Complete()
    {
        if (Response is not null)
            return Response;
        byte[] envelope;
        try
        {
            envelope = _chunks!.Complete();
        }
        catch (ChunkLimitException e)
        {
            return Finish(_endpoint.Refuse(_session, _metadata, UpdateRejection.Malformed, e.Message, Ms, _chunks!.Received));
        }
        return Finish(_endpoint.Submit(_session, _metadata, envelope, Ms));
    }

    double Ms => _clock.Elapsed.TotalMilliseconds;

    SubmitReplyResponse Finish(SubmitReplyResponse response) => Response = response;

    public void Dispose()
    {
        if (_holdsSlot)
            _session.EndUpload();
    }
}
