namespace FedHybrid.Federation.Coordinator;

/// <summary>The envelope ids already received in this run. Completed rounds' ids survive a restart in
/// the checkpoint; the current round's in the <see cref="ReplayJournal"/>, written before the id counts as seen.</summary>
public sealed class ReplayGuard
{
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    readonly Lock _lock = new();
    readonly ReplayJournal? _journal;

    public ReplayGuard(IEnumerable<string>? seen = null, ReplayJournal? journal = null)
    {
        if (seen is not null)
            _seen.UnionWith(seen);
        _journal = journal;
    }

    /// <summary>Records <paramref name="envelopeId"/>; false when it was seen before.</summary>
    public bool TryRecord(string envelopeId)
    {
        lock (_lock)
        {
            if (!_seen.Add(envelopeId))
                return false;
            try
            {
                _journal?.Append(envelopeId);
            }
            catch
            {
                _seen.Remove(envelopeId); // not durable: not seen, and the update is not accepted
                throw;
            }
            return true;
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
            return _seen.Order(StringComparer.Ordinal).ToArray();
    }
}
