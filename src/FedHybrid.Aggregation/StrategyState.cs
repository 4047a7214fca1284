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

    /// <summary>Both states' names together; a name in both is a bug (two owners of one value).</summary>
    public StrategyState Merge(StrategyState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty)
            return this;
        if (IsEmpty)
            return other;
        var clash = Scalars.Keys.Intersect(other.Scalars.Keys).Concat(Vectors.Keys.Intersect(other.Vectors.Keys)).FirstOrDefault();
        if (clash is not null)
            throw new ArgumentException($"state name '{clash}' is kept twice", nameof(other));
        var vectors = new Dictionary<string, float[]>(Vectors, StringComparer.Ordinal);
        foreach (var (name, vector) in other.Vectors)
            vectors[name] = vector;
        return new StrategyState(Scalars.Merge(other.Scalars), vectors);
    }

    /// <summary>The names starting with <paramref name="prefix"/>, and the rest.</summary>
    public (StrategyState Matching, StrategyState Others) Split(string prefix)
    {
        bool Match(string name) => name.StartsWith(prefix, StringComparison.Ordinal);
        StrategyState Part(bool matching) => new(
            StageConfig.From(Scalars.Where(p => Match(p.Key) == matching)),
            Vectors.Where(p => Match(p.Key) == matching).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        return (Part(true), Part(false));
    }
}
