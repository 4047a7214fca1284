namespace FedHybrid.Aggregation.Stages;

/// <summary>
/// What travels sealed beside a stage's config: named float vectors (the model, a delta, a control
/// variate) and named byte strings (public keys, envelopes sealed by one client to another, which the
/// coordinator relays without being able to read). Names are ordinal-sorted on the wire.
/// </summary>
public sealed record StagePayload(IReadOnlyDictionary<string, float[]> Vectors, IReadOnlyDictionary<string, byte[]> Blobs)
{
    public static StagePayload Empty { get; } = new(new Dictionary<string, float[]>(), new Dictionary<string, byte[]>());

    public static StagePayload OfVectors(params (string Name, float[] Vector)[] vectors) =>
        new(vectors.ToDictionary(v => v.Name, v => v.Vector, StringComparer.Ordinal), new Dictionary<string, byte[]>());

    public bool IsEmpty => Vectors.Count == 0 && Blobs.Count == 0;

    /// <summary>The vector <paramref name="name"/> with exactly <paramref name="length"/> elements.</summary>
    public float[] Vector(string name, int length)
    {
        if (!Vectors.TryGetValue(name, out var vector))
            throw new StageConfigException($"payload vector '{name}' is missing");
        if (vector.Length != length)
            throw new StageConfigException($"payload vector '{name}' has {vector.Length} values, expected {length}");
        return vector;
    }

    public byte[] Blob(string name) =>
        Blobs.TryGetValue(name, out var blob) ? blob : throw new StageConfigException($"payload blob '{name}' is missing");
}
