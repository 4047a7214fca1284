namespace FedHybrid.Federation.Coordinator;

/// <summary>The envelope ids already received in this run (kept across restarts by the checkpoint).</summary>
public sealed class ReplayGuard
{
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    public ReplayGuard(IEnumerable<string>? seen = null)
    {
        if (seen is not null)
            _seen.UnionWith(seen);
    }

    /// <summary>Records <paramref name="envelopeId"/>; false when it was seen before.</summary>
    public bool TryRecord(string envelopeId)
    {
        lock (_lock)
            return _seen.Add(envelopeId);
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
            return _seen.Order(StringComparer.Ordinal).ToArray();
    }
}
