namespace FedHybrid.Crypto.Envelopes;

/// <summary>How often the asymmetric step (wrapping a fresh data key for each recipient) runs between
/// a sender and the same recipient set. Every envelope still gets a fresh random 24-byte Cobblestone
/// salt, hence a fresh AES key and nonce; what is reused is the data key and its stanzas. See
/// docs/security-model.md for the trade-off.</summary>
public enum RekeyPolicy
{
    /// <summary>A fresh data key and fresh KEM encapsulations for every envelope (default, safest).</summary>
    Message,
    /// <summary>One data key per (run, round, recipient set).</summary>
    Round,
    /// <summary>One data key per (run, recipient set), reused across rounds.</summary>
    Run,
}
