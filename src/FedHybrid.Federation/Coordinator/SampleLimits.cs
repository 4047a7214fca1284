namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The largest sample count (the FedAvg weight) each client may claim. A client's own limit, where
/// the coordinator knows it (a simulation made the client's partition), else <see cref="MaxPerClient"/>
/// (e.g. the size of the training set no honest client can exceed).
/// </summary>
public sealed record SampleLimits
{
    public SampleLimits(long maxPerClient, IReadOnlyDictionary<string, long>? perClient = null)
    {
        if (maxPerClient <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxPerClient), maxPerClient, "the sample limit must be positive");
        // 0 is allowed: a client with an empty partition may claim nothing.
        if (perClient?.FirstOrDefault(p => p.Value < 0) is { Key: not null } bad)
            throw new ArgumentOutOfRangeException(nameof(perClient), bad.Value, $"the sample limit of '{bad.Key}' must not be negative");
        MaxPerClient = maxPerClient;
        PerClient = perClient ?? new Dictionary<string, long>();
    }

    public long MaxPerClient { get; }

    public IReadOnlyDictionary<string, long> PerClient { get; }

    public long MaxFor(string clientId) => PerClient.TryGetValue(clientId, out var max) ? max : MaxPerClient;
}
