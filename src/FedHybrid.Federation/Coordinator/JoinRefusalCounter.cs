namespace FedHybrid.Federation.Coordinator;

/// <summary>Counts and logs refused joins; each round's metrics row takes the refusals since the previous one.</summary>
public sealed class JoinRefusalCounter
{
    readonly List<JoinRefusal> _pending = [];
    readonly Lock _lock = new();
    readonly Action<string> _log;
    int _total;

    public JoinRefusalCounter(Action<string>? log = null) => _log = log ?? (_ => { });

    /// <summary>Refusals so far in this coordinator process.</summary>
    public int Total
    {
        get
        {
            lock (_lock)
                return _total;
        }
    }

    public void Record(string clientId, JoinRefusedException refusal)
    {
        lock (_lock)
        {
            _pending.Add(refusal.Reason);
            _total++;
        }
        _log($"join refused ({refusal.Reason.ToName()}) for '{clientId}': {refusal.Message}");
    }

    /// <summary>The refusals since the last call, as "reason:count;..." (empty when none).</summary>
    public string Drain()
    {
        lock (_lock)
        {
            var tally = ReasonNames.Tally(_pending);
            _pending.Clear();
            return tally;
        }
    }
}
