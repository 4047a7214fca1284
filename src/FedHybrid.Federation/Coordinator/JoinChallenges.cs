using System.Security.Cryptography;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The join challenges outstanding per provisioned client: fresh random, single-use, short-lived.
/// A client keeps at most <see cref="MaxOutstandingPerClient"/>; asking for more evicts the oldest, so
/// memory stays bounded by the provisioned clients whoever asks.
/// </summary>
public sealed class JoinChallenges
{
    public const int ChallengeBytes = 32;
    public const int MaxOutstandingPerClient = 4;
    readonly Dictionary<string, List<IssuedChallenge>> _outstanding = new(StringComparer.Ordinal);
    readonly Lock _lock = new();
    readonly TimeProvider _time;
    readonly TimeSpan _lifetime;

    public JoinChallenges(TimeSpan lifetime, TimeProvider? time = null)
    {
        if (lifetime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "a join challenge must live for a positive time");
        _lifetime = lifetime;
        _time = time ?? TimeProvider.System;
    }

    public IssuedChallenge Issue(string clientId)
    {
        var challenge = new IssuedChallenge(RandomNumberGenerator.GetBytes(ChallengeBytes), _time.GetUtcNow() + _lifetime);
        lock (_lock)
        {
            if (!_outstanding.TryGetValue(clientId, out var list))
                _outstanding[clientId] = list = [];
            var now = _time.GetUtcNow();
            list.RemoveAll(c => c.Expires <= now);
            if (list.Count >= MaxOutstandingPerClient)
                list.RemoveAt(0);
            list.Add(challenge);
        }
        return challenge;
    }

    /// <summary>Uses up <paramref name="challenge"/> if it was issued to <paramref name="clientId"/>;
    /// true only if it had not been used and has not expired. Compared in constant time.</summary>
    public bool TryConsume(string clientId, ReadOnlySpan<byte> challenge)
    {
        IssuedChallenge? match = null;
        lock (_lock)
        {
            if (!_outstanding.TryGetValue(clientId, out var list))
                return false;
            foreach (var issued in list)
                if (CryptographicOperations.FixedTimeEquals(issued.Value, challenge))
                    match = issued;
            if (match is not null)
                list.Remove(match);
        }
        return match is not null && _time.GetUtcNow() < match.Expires;
    }
}
