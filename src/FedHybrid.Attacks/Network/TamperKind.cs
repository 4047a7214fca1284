namespace FedHybrid.Attacks.Network;

/// <summary>What the active attacker does to one SubmitReply stream. Chunk kinds work on the envelope's
/// sealed chunks (16 KiB of plaintext each, docs/envelope.md 1.3), which the attacker locates from the
/// plaintext header; the gRPC chunking is not authenticated, so the proxy re-chunks what it forwards.</summary>
public enum TamperKind
{
    /// <summary>Flips a bit of the header's envelope id.</summary>
    FlipHeaderBit,
    /// <summary>Flips a bit of the key stanza (for suite none, which has none, of the header's round).</summary>
    FlipStanzaBit,
    /// <summary>Flips a bit in the middle of the body.</summary>
    FlipBodyBit,
    /// <summary>Flips a bit of the signature.</summary>
    FlipSignatureBit,
    /// <summary>Sends all but the last 1000 envelope bytes under the declared (original) length.</summary>
    Truncate,
    /// <summary>Cuts the last 1000 envelope bytes and declares the shorter length, so only the envelope can tell.</summary>
    TruncateConsistent,
    /// <summary>Swaps the body's second and third sealed chunks.</summary>
    ReorderChunks,
    /// <summary>Removes the body's second sealed chunk and declares the shorter length.</summary>
    DropChunk,
    /// <summary>Removes the second sealed chunk and rewrites the header's plaintext length to match, so the framing is consistent.</summary>
    DropChunkFixLength,
    /// <summary>Sends this client's reply of the previous round instead of this one.</summary>
    ReplayEarlierRound,
    /// <summary>Sends this client's reply of the previous round with the header's round rewritten to this round.</summary>
    ReplayEarlierRoundRewritten,
    /// <summary>Sends another client's reply of this round under this client's session.</summary>
    ReplayOtherClient,
    /// <summary>This reply's body and signature under another client's header and stanzas of this round.</summary>
    SwapHeaderWithOtherClient,
    /// <summary>The stream's metadata claims the next round (the envelope is untouched).</summary>
    MetadataRound,
    /// <summary>The stream's metadata reports a negative work time (the envelope is untouched).</summary>
    NegativeTiming,
    /// <summary>The stream's metadata reports a work time ten times the client's (the envelope is untouched).</summary>
    ForgeTimings,
    /// <summary>Holds the whole stream back for <see cref="TamperPlan.Delay"/>, then forwards it unchanged.</summary>
    Delay,
    /// <summary>Forwards the metadata and no envelope byte: the reply is withheld (the reference run's way of leaving a contribution out).</summary>
    Withhold,
}
