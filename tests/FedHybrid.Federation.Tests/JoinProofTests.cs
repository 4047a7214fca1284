using FedHybrid.Crypto.Signatures;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using Grpc.Core;

namespace FedHybrid.Federation.Tests;

/// <summary>Join admits a provisioned identity only when it proves it holds the provisioned signing key.</summary>
public sealed class JoinProofTests : IDisposable
{
    readonly TestKeys _keys = new(2);
    readonly TempDirectory _directory = new();

    StageEngine Engine(Action<string>? log = null) => TestEngines.Create(_keys, _directory.Path, 8, 1, TimeSpan.FromMinutes(1), log: log);

    [Fact]
    public void AnImpostorWithTheRightPublicKeysButAnotherSigningKeyIsRefused()
    {
        var engine = Engine();
        var victim = _keys.Clients[0].Identity;
        using var forged = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        var challenge = engine.Sessions.IssueChallenge(victim.Id).Value;
        var proof = forged.Sign(JoinProof.Message(challenge, engine.Options.RunId, engine.Suite, victim));
        var refusal = Assert.Throws<JoinRefusedException>(() => engine.Sessions.Join(victim, challenge, proof));
        Assert.Equal(JoinRefusal.BadProof, refusal.Reason);
        Assert.Contains("does not verify", refusal.Message);
        Assert.False(engine.Sessions.Find(victim.Id)!.Joined);
    }

    [Fact]
    public void AProofIsBoundToTheChallengeTheRunAndTheClient()
    {
        var engine = Engine();
        var client = _keys.Clients[0];
        var run = engine.Options.RunId;
        var otherChallenge = engine.Sessions.IssueChallenge(client.Identity.Id).Value;
        // Each signed by a real key, but over another challenge, for another run, or as another client.
        foreach (var prove in new Func<byte[], byte[]>[]
                 {
                     challenge => client.ProveJoin(otherChallenge, run),
                     challenge => client.ProveJoin(challenge, "another-run"),
                     challenge => _keys.Clients[1].ProveJoin(challenge, run),
                 })
        {
            var challenge = engine.Sessions.IssueChallenge(client.Identity.Id).Value;
            var refusal = Assert.Throws<JoinRefusedException>(() => engine.Sessions.Join(client.Identity, challenge, prove(challenge)));
            Assert.Equal(JoinRefusal.BadProof, refusal.Reason);
        }
        var last = engine.Sessions.IssueChallenge(client.Identity.Id).Value;
        Assert.True(engine.Sessions.Join(client.Identity, last, client.ProveJoin(last, run)).Joined);
    }

    [Fact]
    public void AReplayedChallengeIsRefusedEvenWithItsValidProof()
    {
        var engine = Engine();
        var client = _keys.Clients[0];
        var challenge = engine.Sessions.IssueChallenge(client.Identity.Id).Value;
        var proof = client.ProveJoin(challenge, engine.Options.RunId);
        var session = engine.Sessions.Join(client.Identity, challenge, proof);
        var token = session.Token;
        var replay = Assert.Throws<JoinRefusedException>(() => engine.Sessions.Join(client.Identity, challenge, proof));
        Assert.Equal(JoinRefusal.StaleChallenge, replay.Reason);
        Assert.Equal(token, session.Token);
    }

    [Fact]
    public async Task OverGrpcAnImpostorIsRefusedCountedAndLoggedWhileTheHonestClientJoins()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = new List<string>();
        var engine = Engine(line => { lock (log) log.Add(line); });
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var coordinator = server.Client;
        var victim = _keys.Clients[0];

        using var forged = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        var challenge = await coordinator.JoinChallengeAsync(new JoinChallengeRequest { ClientId = victim.Identity.Id }, cancellationToken: ct);
        Assert.Equal(engine.Options.RunId, challenge.RunId);
        var forgedProof = forged.Sign(JoinProof.Message(challenge.Challenge.Span, challenge.RunId, victim.Suite, victim.Identity));
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            coordinator.JoinAsync(TestJoins.Request(victim.Identity, victim.Suite, challenge.Challenge.ToByteArray(), forgedProof), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("does not verify under its provisioned signing key", refused.Status.Detail);

        // The used-up challenge cannot be tried again, even with a valid proof.
        var replayed = await Assert.ThrowsAsync<RpcException>(() => coordinator.JoinAsync(TestJoins.Request(victim.Identity, victim.Suite,
            challenge.Challenge.ToByteArray(), victim.ProveJoin(challenge.Challenge.Span, challenge.RunId)), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, replayed.StatusCode);
        Assert.Equal(0, engine.Sessions.JoinedCount);

        var joined = await TestJoins.JoinAsync(coordinator, victim, ct);
        Assert.NotEmpty(joined.SessionToken);
        Assert.Equal(1, engine.Sessions.JoinedCount);
        Assert.Equal(2, engine.JoinRefusals.Total);
        Assert.Equal("stale-challenge:1;bad-proof:1", engine.JoinRefusals.Drain());
        Assert.Contains(log, l => l.Contains("bad-proof", StringComparison.Ordinal) && l.Contains(victim.Identity.Id, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _keys.Dispose();
        _directory.Dispose();
    }
}
