using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>Reading and writing the named vectors of a strategy's state, with the checks every
/// stateful strategy needs (the names it keeps, one length, finite values).</summary>
static class StateVector
{
    public static StrategyState Of(params (string Name, float[] Vector)[] vectors) =>
        new(StageConfig.Empty, vectors.ToDictionary(v => v.Name, v => v.Vector, StringComparer.Ordinal));

    /// <summary>The vectors of <paramref name="state"/>: none (a fresh start) or exactly <paramref name="names"/>,
    /// of one length, finite; anything else is refused naming what is wrong.</summary>
    public static IReadOnlyDictionary<string, float[]> Read(StrategyState state, string strategy, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsEmpty)
            return new Dictionary<string, float[]>();
        string expected = string.Join(", ", names);
        if (state.Scalars.Count > 0 || state.Vectors.Count != names.Count || !names.All(state.Vectors.ContainsKey))
            throw new ArgumentException($"strategy '{strategy}' keeps {expected}, but the state holds {state.Describe()}", nameof(state));
        int length = state.Vectors[names[0]].Length;
        foreach (var name in names)
        {
            var vector = state.Vectors[name];
            if (vector.Length != length)
                throw new ArgumentException($"strategy '{strategy}': state vector '{name}' has {vector.Length} values, '{names[0]}' {length}", nameof(state));
            if (!VectorMath.AllFinite(vector))
                throw new ArgumentException($"strategy '{strategy}': state vector '{name}' contains NaN or infinity", nameof(state));
        }
        return names.ToDictionary(n => n, n => state.Vectors[n], StringComparer.Ordinal);
    }

    /// <summary><paramref name="vector"/>, or <paramref name="initial"/> everywhere when there is none yet.</summary>
    public static float[] OrFill(float[]? vector, int length, float initial, string strategy, string name)
    {
        if (vector is null)
        {
            var filled = new float[length];
            Array.Fill(filled, initial);
            return filled;
        }
        return vector.Length == length ? vector
            : throw new InvalidOperationException($"strategy '{strategy}' holds state '{name}' of {vector.Length} values, but the model has {length} parameters");
    }

    public static float[] OrZeros(float[]? vector, int length, string strategy, string name) => OrFill(vector, length, 0f, strategy, name);
}
