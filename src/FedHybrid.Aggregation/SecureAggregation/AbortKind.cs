namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Why a secure-aggregation round cannot be unmasked.</summary>
public enum AbortKind
{
    /// <summary>Fewer than t clients sent a masked input.</summary>
    TooFewSurvivors,

    /// <summary>A surviving client has fewer than t neighbours answering the unmask request, so its
    /// self-mask seed cannot be reconstructed.</summary>
    SelfMaskUnrecoverable,

    /// <summary>A dropped client whose pairwise masks are in the sum has fewer than t neighbours
    /// answering, so its key-agreement secret cannot be reconstructed.</summary>
    PairwiseSecretUnrecoverable,
}
