namespace FedHybrid.Federation.Wire;

/// <summary>How a chunked transfer broke its declared size.</summary>
public enum ChunkProblem
{
    /// <summary>Declared or sent more than allowed.</summary>
    TooLarge,
    /// <summary>Ended before every declared byte arrived.</summary>
    Truncated,
}
