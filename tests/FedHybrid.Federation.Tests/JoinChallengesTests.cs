using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Federation.Tests;

public sealed class JoinChallengesTests
{
    readonly ManualClock _clock = new();

    [Fact]
    public void AChallengeIsFreshRandomAndUsableOnceByItsClientOnly()
    {
        var challenges = new JoinChallenges(TimeSpan.FromSeconds(30), _clock);
        var first = challenges.Issue("client-1");
        var second = challenges.Issue("client-1");
        Assert.Equal(JoinChallenges.ChallengeBytes, first.Value.Length);
        Assert.NotEqual(first.Value, second.Value);
        Assert.False(challenges.TryConsume("client-2", first.Value));
        Assert.True(challenges.TryConsume("client-1", first.Value));
        Assert.False(challenges.TryConsume("client-1", first.Value));
        var altered = (byte[])second.Value.Clone();
        altered[^1] ^= 1;
        Assert.False(challenges.TryConsume("client-1", altered));
        Assert.False(challenges.TryConsume("client-1", second.Value[..16]));
        Assert.True(challenges.TryConsume("client-1", second.Value));
    }

    [Fact]
    public void AChallengeExpiresAfterItsLifetime()
    {
        var challenges = new JoinChallenges(TimeSpan.FromSeconds(30), _clock);
        var early = challenges.Issue("client-1");
        var late = challenges.Issue("client-1");
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(challenges.TryConsume("client-1", early.Value));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(challenges.TryConsume("client-1", late.Value));
    }

    [Fact]
    public void OnlyTheNewestChallengesOfAClientAreKept()
    {
        var challenges = new JoinChallenges(TimeSpan.FromSeconds(30), _clock);
        var issued = Enumerable.Range(0, JoinChallenges.MaxOutstandingPerClient + 1).Select(_ => challenges.Issue("client-1")).ToArray();
        Assert.False(challenges.TryConsume("client-1", issued[0].Value));
        Assert.All(issued[1..], c => Assert.True(challenges.TryConsume("client-1", c.Value)));
    }
}
