using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;
using FedHybrid.Federation.Security;
using Google.Protobuf;

namespace FedHybrid.Federation.Tests;

/// <summary>Joins the way an honest client does: ask for a challenge, sign the join proof, join.</summary>
static class TestJoins
{
    /// <summary>Straight through the engine's session registry (no server).</summary>
    public static ClientSession Admit(StageEngine engine, IClientCrypto client)
    {
        var challenge = engine.Sessions.IssueChallenge(client.Identity.Id);
        return engine.Sessions.Join(client.Identity, challenge.Value, client.ProveJoin(challenge.Value, engine.Options.RunId));
    }

    /// <summary>Over gRPC.</summary>
    public static async Task<JoinResponse> JoinAsync(Protocol.Coordinator.CoordinatorClient coordinator, IClientCrypto client, CancellationToken ct)
    {
        var challenge = await coordinator.JoinChallengeAsync(new JoinChallengeRequest { ClientId = client.Identity.Id }, cancellationToken: ct);
        return await coordinator.JoinAsync(Request(client.Identity, client.Suite, challenge.Challenge.ToByteArray(), client.ProveJoin(challenge.Challenge.Span, challenge.RunId)), cancellationToken: ct);
    }

    public static JoinRequest Request(PublicIdentity presented, string suite, byte[] challenge, byte[] proof) => new()
    {
        ClientId = presented.Id,
        EnvelopePublicKey = ByteString.CopyFrom(presented.EnvelopeKey),
        SigningPublicKey = ByteString.CopyFrom(presented.SigningKey),
        Suite = suite,
        Challenge = ByteString.CopyFrom(challenge),
        Proof = ByteString.CopyFrom(proof),
    };
}
