using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Crypto.Agreement;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>share-keys (Bonawitz et al., round 1): t-of-k Shamir shares of the self-mask seed and of the
/// masking secret, one pair per neighbour, each sealed to that neighbour with the run's envelopes and
/// signed by this client, so the coordinator that relays them can neither read nor forge them. With
/// X-Wing the lower id of each pair also encapsulates to the higher: inside the sealed message, and in the
/// clear for the coordinator's recovery should the higher id drop.</summary>
public sealed class ShareKeysHandler(SecAggClientState state) : IStageHandler
{
    public string Stage => SecAggProtocol.ShareKeysStage;

    public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var round = state.Current(work.Task.RunId, work.Task.Round, Stage);
        int index = Int(work.Config, SecAggProtocol.Index);
        int threshold = Int(work.Config, SecAggProtocol.Threshold);
        var roster = NeighbourRoster.Decode(work.Own.Blob(SecAggProtocol.Roster), int.MaxValue);
        // A coordinator that lowered t below a majority of the neighbourhood could collect both kinds of
        // share of one client from different halves: refuse it, as Bonawitz et al.'s t > n/2 does.
        if (threshold <= roster.Count / 2 || threshold > roster.Count)
            throw new StageConfigException($"threshold t = {threshold} with {roster.Count} neighbours is unsafe or unreachable; need {roster.Count} / 2 < t <= {roster.Count}");
        if (roster.Any(n => n.Index == index || n.Id == work.Task.ClientId))
            throw new StageConfigException("the roster names this client as its own neighbour");
        round.Index = index;
        round.Threshold = threshold;
        foreach (var neighbour in roster)
            round.Neighbours[neighbour.Index] = neighbour;

        var points = roster.Select(n => n.Index + 1).ToArray();
        var selfShares = ShamirSecretSharing.Split(round.SelfMaskSeed, threshold, points);
        var secretShares = ShamirSecretSharing.Split(round.Secret, threshold, points);
        var context = new EnvelopeContext(work.Task.RunId, work.Task.Round, work.Task.ClientId);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < roster.Count; i++)
        {
            var peer = roster[i];
            var pair = PairContext.Of(work.Task.RunId, work.Task.Round, work.Task.ClientId, peer.Id);
            var encapsulation = round.Agreement.Encapsulation(round.Secret, work.Task.ClientId, peer.MaskingKey, pair);
            var message = new ShareMessage(peer.Index, selfShares[i], secretShares[i], encapsulation ?? []);
            var plaintext = message.Encode();
            blobs[SecAggProtocol.ShareFor(peer.Id)] = work.Crypto.SealToPeer(context, plaintext, new PublicIdentity(peer.Id, peer.EnvelopeKey, peer.SigningKey));
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
            if (encapsulation is not null)
                blobs[SecAggProtocol.EncapsulationFor(peer.Id)] = encapsulation;
        }
        return Task.FromResult(new StageAnswer(StageConfig.Empty, new StagePayload(new Dictionary<string, float[]>(), blobs)));
    }

    internal static int Int(StageConfig config, string key)
    {
        long value = config.Integer(key);
        return value is >= 0 and <= int.MaxValue ? (int)value : throw new StageConfigException($"'{key}' is {value}, must be an integer in [0, {int.MaxValue}]");
    }
}
