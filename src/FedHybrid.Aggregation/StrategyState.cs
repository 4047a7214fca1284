using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation;

/// <summary>
/// A strategy's state between rounds, as the checkpoint stores it: named scalars (step counts,
/// adaptive clipping norms, accountant figures) and named float vectors (optimizer moments, the server
/// control variate). Restoring exactly what was saved makes a resumed run bit-identical.
/// </summary>
public sealed record StrategyState(StageConfig Scalars, IReadOnlyDictionary<string, float[]> Vectors)
{
    public static StrategyState Empty { get; } = new(StageConfig.Empty, new Dictionary<string, float[]>());

    public bool IsEmpty => Scalars.Count == 0 && Vectors.Count == 0;

    /// <summary>For error messages: the names it holds.</summary>
    public string Describe() => IsEmpty ? "nothing"
        : string.Join(", ", Scalars.Keys.Concat(Vectors.Keys.Select(k => $"{k}[{Vectors[k].Length}]")).Order(StringComparer.Ordinal));
}
