using System.Buffers.Binary;
using FedHybrid.Federation.Protocol;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// Carries out one <see cref="TamperAction"/> on a reply, with nothing but the bytes: it finds the header,
/// stanzas, sealed chunks and signature from the plaintext header (<see cref="EnvelopeLayout"/>) and takes
/// the replies it replays from the capture. It never needs, nor calls, a key or a cipher.
/// </summary>
public static class ReplyTamperer
{
    const int TruncatedBytes = 1000;

    public static async Task<TamperedReply> ApplyAsync(TamperAction action, ReplyMetadata metadata, byte[] envelope, WireCapture capture, TamperPlan plan, CancellationToken cancellationToken)
    {
        var layout = EnvelopeLayout.TryParse(envelope);
        TamperedReply Done(byte[] bytes, string description, ReplyMetadata? changed = null, bool consistent = true)
        {
            var sent = changed ?? metadata.Clone();
            if (consistent)
                sent.EnvelopeBytes = (ulong)bytes.Length;
            return new TamperedReply(sent, bytes, true, description);
        }
        TamperedReply Skipped(string why) => new(metadata.Clone(), envelope, false, $"not applied: {why}");

        switch (action.Kind)
        {
            case TamperKind.FlipHeaderBit:
                return Done(Flip(envelope, EnvelopeLayout.EnvelopeIdOffset), "flipped bit 0 of the envelope id (offset 8)");
            case TamperKind.FlipStanzaBit when layout is { StanzasLength: > 0 }:
                return Done(Flip(envelope, layout.HeaderLength), $"flipped bit 0 of the stanza (offset {layout.HeaderLength})");
            case TamperKind.FlipStanzaBit:
                return Done(Flip(envelope, EnvelopeLayout.RoundOffset + 7), "no stanza (suite none): flipped bit 0 of the header's round (offset 31)");
            case TamperKind.FlipBodyBit when layout is not null:
                long middle = layout.BodyOffset + layout.BodyLength / 2;
                return Done(Flip(envelope, middle), $"flipped bit 0 of body byte {middle - layout.BodyOffset} (offset {middle})");
            case TamperKind.FlipSignatureBit:
                return Done(Flip(envelope, envelope.Length - 1), "flipped bit 0 of the signature's last byte");
            case TamperKind.Truncate:
                return Done(envelope[..^TruncatedBytes], $"sent {envelope.Length - TruncatedBytes} of the declared {envelope.Length} bytes", consistent: false);
            case TamperKind.TruncateConsistent:
                return Done(envelope[..^TruncatedBytes], $"cut the last {TruncatedBytes} bytes and declared {envelope.Length - TruncatedBytes}");
            case TamperKind.ReorderChunks when layout is not null && ChunkCount(layout) >= 4:
                return Done(SwapChunks(envelope, layout, 1, 2), "swapped sealed chunks 1 and 2 of the body");
            case TamperKind.DropChunk when layout is not null && ChunkCount(layout) >= 3:
                return Done(RemoveChunk(envelope, layout, 1, fixLength: false), "removed sealed chunk 1 of the body");
            case TamperKind.DropChunkFixLength when layout is not null && ChunkCount(layout) >= 3:
                return Done(RemoveChunk(envelope, layout, 1, fixLength: true), "removed sealed chunk 1 and rewrote the header's plaintext length");
            case TamperKind.ReplayEarlierRound or TamperKind.ReplayEarlierRoundRewritten:
                var earlier = capture.Replies.Where(r => r.ClientId == metadata.ClientId && r.Stage == metadata.Stage && r.Round < action.Round)
                    .OrderByDescending(r => r.Round).FirstOrDefault();
                if (earlier is null)
                    return Skipped($"no earlier {metadata.Stage} reply of '{metadata.ClientId}' captured");
                if (action.Kind == TamperKind.ReplayEarlierRound)
                    return Done(earlier.Envelope, $"sent the reply of round {earlier.Round}");
                var rewritten = (byte[])earlier.Envelope.Clone();
                BinaryPrimitives.WriteUInt64BigEndian(rewritten.AsSpan(EnvelopeLayout.RoundOffset), (ulong)action.Round);
                return Done(rewritten, $"sent the reply of round {earlier.Round} with the header's round set to {action.Round}");
            case TamperKind.ReplayOtherClient or TamperKind.SwapHeaderWithOtherClient:
                var other = await OtherReplyAsync(capture, metadata, plan.WaitForOtherReply, cancellationToken).ConfigureAwait(false);
                if (other is null)
                    return Skipped($"no other client's {metadata.Stage} reply of round {action.Round} arrived");
                if (action.Kind == TamperKind.ReplayOtherClient)
                    return Done(other.Envelope, $"sent '{other.ClientId}''s reply of round {other.Round}");
                var theirs = EnvelopeLayout.TryParse(other.Envelope);
                if (theirs is null || layout is null)
                    return Skipped("a reply does not frame as an envelope");
                byte[] swapped = [.. other.Envelope.AsSpan(0, theirs.BodyOffset), .. envelope.AsSpan(layout.BodyOffset)];
                return Done(swapped, $"this body and signature under '{other.ClientId}''s header and stanzas");
            case TamperKind.MetadataRound:
                var next = metadata.Clone();
                next.Round += 1;
                return Done(envelope, $"metadata round {metadata.Round} -> {next.Round}", next);
            case TamperKind.NegativeTiming:
                var negative = metadata.Clone();
                negative.Timings ??= new ClientTimings();
                negative.Timings.WorkMs = -1;
                return Done(envelope, "metadata work_ms -> -1", negative);
            case TamperKind.ForgeTimings:
                var forged = metadata.Clone();
                forged.Timings ??= new ClientTimings();
                forged.Timings.WorkMs *= 10;
                return Done(envelope, $"metadata work_ms {metadata.Timings?.WorkMs ?? 0:0.#} -> {forged.Timings.WorkMs:0.#}", forged);
            case TamperKind.Delay:
                await Task.Delay(plan.Delay, cancellationToken).ConfigureAwait(false);
                return Done(envelope, $"held the stream {plan.Delay.TotalMilliseconds:0} ms");
            case TamperKind.Withhold:
                return Done([], $"sent the metadata (declaring {envelope.Length} bytes) and no envelope byte", consistent: false);
            default:
                return Skipped(layout is null ? "the reply does not frame as an envelope" : "the body has too few sealed chunks");
        }
    }

    static int ChunkCount(EnvelopeLayout layout) => (int)(layout.PlaintextLength / EnvelopeLayout.PlaintextChunkBytes) + 1;

    static byte[] Flip(byte[] envelope, long offset)
    {
        var copy = (byte[])envelope.Clone();
        copy[offset] ^= 0x01;
        return copy;
    }

    /// <summary>Swaps two full sealed chunks (neither may be the last, which is shorter).</summary>
    static byte[] SwapChunks(byte[] envelope, EnvelopeLayout layout, int a, int b)
    {
        var copy = (byte[])envelope.Clone();
        int size = layout.SealedChunkBytes;
        envelope.AsSpan((int)layout.ChunkOffset(a), size).CopyTo(copy.AsSpan((int)layout.ChunkOffset(b), size));
        envelope.AsSpan((int)layout.ChunkOffset(b), size).CopyTo(copy.AsSpan((int)layout.ChunkOffset(a), size));
        return copy;
    }

    static byte[] RemoveChunk(byte[] envelope, EnvelopeLayout layout, int index, bool fixLength)
    {
        int at = (int)layout.ChunkOffset(index), size = layout.SealedChunkBytes;
        byte[] cut = [.. envelope.AsSpan(0, at), .. envelope.AsSpan(at + size)];
        if (fixLength)
            BinaryPrimitives.WriteInt64BigEndian(cut.AsSpan(EnvelopeLayout.PlaintextLengthOffset), layout.PlaintextLength - EnvelopeLayout.PlaintextChunkBytes);
        return cut;
    }

    /// <summary>Another client's reply of the same round and stage: one already captured, or the next to arrive.</summary>
    static async Task<CapturedReply?> OtherReplyAsync(WireCapture capture, ReplyMetadata metadata, TimeSpan wait, CancellationToken cancellationToken)
    {
        bool Matches(CapturedReply r) => r.ClientId != metadata.ClientId && r.Round == metadata.Round && r.Stage == metadata.Stage;
        var arrived = new TaskCompletionSource<CapturedReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReply(CapturedReply r)
        {
            if (Matches(r))
                arrived.TrySetResult(r);
        }
        capture.ReplyCaptured += OnReply;
        try
        {
            if (capture.Replies.FirstOrDefault(Matches) is { } already)
                return already;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                return await arrived.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
        finally
        {
            capture.ReplyCaptured -= OnReply;
        }
    }
}
