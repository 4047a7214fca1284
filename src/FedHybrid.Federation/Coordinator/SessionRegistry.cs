using System.Security.Cryptography;
using System.Text;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Admits provisioned clients that prove possession of their signing key, and issues session
/// tokens. Every provisioned client has a session from the start, so tasks can be queued for clients
/// that have not connected yet.</summary>
public sealed class SessionRegistry
{
    readonly Dictionary<string, ClientSession> _sessions;
    readonly JoinChallenges _challenges;
    readonly string _runId;
    readonly string _suite;
    readonly Lock _lock = new();
    TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="runId">The run id and <paramref name="suite"/> that join proofs are bound to.</param>
    public SessionRegistry(IIdentityRegistry identities, JoinChallenges challenges, string runId, string suite, TimeProvider? time = null)
    {
        _sessions = identities.ClientIds.ToDictionary(id => id, id => new ClientSession(identities.Find(id)!, time), StringComparer.Ordinal);
        _challenges = challenges;
        _runId = runId;
        _suite = suite;
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

    /// <summary>A fresh challenge for a provisioned client to sign at <see cref="Join"/>.</summary>
    /// <exception cref="JoinRefusedException">The id is not provisioned.</exception>
    public IssuedChallenge IssueChallenge(string clientId) =>
        _sessions.ContainsKey(clientId) ? _challenges.Issue(clientId)
            : throw new JoinRefusedException(JoinRefusal.NotProvisioned, $"client '{clientId}' is not provisioned");

    /// <summary>Admits <paramref name="presented"/> if it is provisioned with exactly these keys and
    /// <paramref name="proof"/> is its signature, under the provisioned signing key, of the
    /// <see cref="JoinProof"/> message for <paramref name="challenge"/> (which this uses up).</summary>
    /// <exception cref="JoinRefusedException">Why the client may not join.</exception>
    public ClientSession Join(PublicIdentity presented, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> proof)
    {
        if (!_sessions.TryGetValue(presented.Id, out var session))
            throw new JoinRefusedException(JoinRefusal.NotProvisioned, $"client '{presented.Id}' is not provisioned");
        if (!_challenges.TryConsume(presented.Id, challenge))
            throw new JoinRefusedException(JoinRefusal.StaleChallenge, $"the join challenge of '{presented.Id}' is unknown, already used or expired: ask for a new one");
        if (!session.Identity.SameKeysAs(presented))
            throw new JoinRefusedException(JoinRefusal.WrongKeys, $"client '{presented.Id}' presented keys other than those it was provisioned with");
        if (!JoinProof.Verify(session.Identity, JoinProof.Message(challenge, _runId, _suite, presented), proof))
            throw new JoinRefusedException(JoinRefusal.BadProof, $"the join proof of '{presented.Id}' does not verify under its provisioned signing key");
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

    /// <summary>Tells every client the run is over.</summary>
    public void BroadcastFinished(string runId, int round)
    {
        foreach (var session in _sessions.Values)
            session.Push(new StageTask { RunId = runId, Round = (uint)round, Finished = true }, DateTimeOffset.MaxValue);
    }
}
