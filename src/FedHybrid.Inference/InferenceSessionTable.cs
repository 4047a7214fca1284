namespace FedHybrid.Inference;

/// <summary>The cached-context sessions of a <see cref="SealedInferenceServer"/>: at most
/// <c>capacity</c>, least recently used first out, dropped once idle for <c>idleTimeout</c>. Only
/// sessions whose first request authenticated are ever added. Every operation is O(1) (amortized
/// over idle evictions), under one short lock.</summary>
internal sealed class InferenceSessionTable : IDisposable
{
    readonly int _capacity;
    readonly TimeSpan _idleTimeout;
    readonly TimeProvider _time;
    readonly Dictionary<UInt128, LinkedListNode<Entry>> _byId = [];
    // Most recently used first.
    readonly LinkedList<Entry> _recency = new();
    readonly Lock _lock = new();

    public InferenceSessionTable(int capacity, TimeSpan idleTimeout, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        _capacity = capacity;
        _idleTimeout = idleTimeout;
        _time = time;
    }

    public int Count
    {
        get { lock (_lock) return _byId.Count; }
    }

    public bool Contains(UInt128 id)
    {
        lock (_lock)
        {
            EvictIdle(_time.GetTimestamp());
            return _byId.ContainsKey(id);
        }
    }

    /// <summary>The live session <paramref name="id"/>, marked as just used; null if unknown or expired.</summary>
    public InferenceSession? Find(UInt128 id)
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            EvictIdle(now);
            if (!_byId.TryGetValue(id, out var node))
                return null;
            node.Value.LastUsed = now;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Session;
        }
    }

    /// <summary>Adds a session, evicting the least recently used one when full; false (and nothing
    /// added) when <paramref name="id"/> is taken.</summary>
    public bool TryAdd(UInt128 id, InferenceSession session)
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            EvictIdle(now);
            if (_byId.ContainsKey(id))
                return false;
            if (_byId.Count >= _capacity)
                Evict(_recency.Last!);
            _byId.Add(id, _recency.AddFirst(new Entry(id, session) { LastUsed = now }));
            return true;
        }
    }

    void EvictIdle(long now)
    {
        while (_recency.Last is { } oldest && _time.GetElapsedTime(oldest.Value.LastUsed, now) > _idleTimeout)
            Evict(oldest);
    }

    void Evict(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _byId.Remove(node.Value.Id);
        node.Value.Session.Dispose();
    }

    public void Dispose()
    {
        lock (_lock)
            while (_recency.Last is { } node)
                Evict(node);
    }

    sealed class Entry(UInt128 id, InferenceSession session)
    {
        public UInt128 Id { get; } = id;
        public InferenceSession Session { get; } = session;
        public long LastUsed { get; set; }
    }
}
