namespace FedHybrid.Crypto.Envelopes;

/// <summary>Remembers the envelope ids accepted from each sender and refuses a second envelope with the
/// same id. Thread-safe. One guard per receiver and run; memory is 16 bytes per accepted envelope.</summary>
public sealed class ReplayGuard
{
    readonly HashSet<(string Sender, UInt128 Id)> _seen = [];
    readonly Lock _lock = new();

    public int Count { get { lock (_lock) return _seen.Count; } }

    /// <summary>Records the envelope; throws <see cref="ReplayedEnvelopeException"/> if it was accepted before.</summary>
    public void Accept(string senderId, UInt128 envelopeId)
    {
        lock (_lock)
            if (!_seen.Add((senderId, envelopeId)))
                throw Replayed(senderId, envelopeId);
    }

    internal static ReplayedEnvelopeException Replayed(string senderId, UInt128 envelopeId) =>
        new($"Envelope {envelopeId:X32} from '{senderId}' was already accepted: replay rejected.");

    public bool HasSeen(string senderId, UInt128 envelopeId)
    {
        lock (_lock) return _seen.Contains((senderId, envelopeId));
    }
}
