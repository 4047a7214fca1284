using System.Security.Cryptography;
using System.Text;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Admits provisioned clients and issues session tokens. Every provisioned client has a
/// session from the start, so tasks can be queued for clients that have not connected yet.</summary>
public sealed class SessionRegistry
{
    readonly Dictionary<string, ClientSession> _sessions;
    readonly Lock _lock = new();
    TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SessionRegistry(IIdentityRegistry identities)
    {
        _sessions = identities.ClientIds.ToDictionary(id => id, id => new ClientSession(identities.Find(id)!), StringComparer.Ordinal);
    }

    public IEnumerable<ClientSession> All => _sessions.Values;

    public int JoinedCount
    {
        get
        {
            lock (_lock)
                return _sessions.Values.Count(s => s.Joined);
        }
    }

    /// <summary>Admits <paramref name="presented"/> if it is provisioned with exactly these keys.</summary>
    public ClientSession Join(PublicIdentity presented)
    {
        if (!_sessions.TryGetValue(presented.Id, out var session))
            throw new JoinRefusedException($"client '{presented.Id}' is not provisioned");
        if (!session.Identity.SameKeysAs(presented))
            throw new JoinRefusedException($"client '{presented.Id}' presented keys other than those it was provisioned with");
        TaskCompletionSource joined;
        lock (_lock)
        {
            session.Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            joined = _joined;
            _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        joined.TrySetResult();
        return session;
    }

    /// <summary>The session of <paramref name="clientId"/> if <paramref name="token"/> is its current token.</summary>
    public ClientSession? Authenticate(string clientId, string token)
    {
        if (!_sessions.TryGetValue(clientId, out var session) || session.Token is not { } current)
            return null;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(current), Encoding.UTF8.GetBytes(token)) ? session : null;
    }

    public ClientSession? Find(string clientId) => _sessions.GetValueOrDefault(clientId);

    /// <summary>Waits until at least <paramref name="count"/> clients have joined or <paramref name="timeout"/> passes.</summary>
    public async Task<int> WaitForJoinedAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (_lock)
            {
                int joined = _sessions.Values.Count(s => s.Joined);
                if (joined >= count)
                    return joined;
                next = _joined.Task;
            }
            try
            {
                await next.WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return JoinedCount;
            }
        }
    }

    public void Broadcast(RoundTask task)
    {
        foreach (var session in _sessions.Values)
            session.Push(task);
    }
}
