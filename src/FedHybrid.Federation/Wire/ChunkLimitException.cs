namespace FedHybrid.Federation.Wire;

/// <summary>A chunked transfer broke its declared size; <see cref="Problem"/> says how.</summary>
public sealed class ChunkLimitException(ChunkProblem problem, string message) : Exception(message)
{
    public ChunkProblem Problem { get; } = problem;
}
