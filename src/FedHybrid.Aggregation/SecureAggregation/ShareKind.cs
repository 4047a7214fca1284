namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Which of a peer's two secrets a share belongs to.</summary>
public enum ShareKind
{
    /// <summary>A share of the peer's self-mask seed b: revealed when the peer survived, so the server can
    /// remove PRG(b) from the sum.</summary>
    SelfMaskSeed,

    /// <summary>A share of the peer's key-agreement secret: revealed when the peer dropped, so the server
    /// can recompute and remove the pairwise masks it shared with survivors.</summary>
    PairwiseSecret,
}
