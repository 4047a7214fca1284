using FedHybrid.Aggregation.SecureAggregation;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Client.Stages.SecureAggregation;

/// <summary>unmask (Bonawitz et al., round 4): for each present neighbour, reveal the share of its self-mask
/// seed if it sent a masked input, or of its masking secret if it did not; never both for one peer, and
/// nothing at all for a request that names a peer both ways or leaves fewer than t survivors around this
/// client (the <see cref="ShareRevealLedger"/> decides). A refusal is a dropout: no reply. Either way the
/// round's secrets are zeroed afterwards.</summary>
public sealed class UnmaskHandler(SecAggClientState state) : IStageHandler
{
    public string Stage => SecAggProtocol.UnmaskStage;

    public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var round = state.Current(work.Task.RunId, work.Task.Round, Stage);
        try
        {
            var ledger = round.Ledger ?? throw new StageConfigException("no masked input was sent this round, so there is nothing to unmask");
            var survivors = IndexList.Decode(work.Own.Blob(SecAggProtocol.Survivors), int.MaxValue, SecAggProtocol.Survivors);
            var dropped = IndexList.Decode(work.Own.Blob(SecAggProtocol.Dropped), int.MaxValue, SecAggProtocol.Dropped);
            if (!survivors.Contains(round.Index))
                throw new StageConfigException($"the unmask request does not list this client (index {round.Index}) among the survivors");
            var decision = ledger.Decide(survivors, dropped);
            if (decision.Refused)
                throw new StageConfigException($"unmask refused: {decision.Refusal}");
            var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var reveal in decision.Reveals)
            {
                var peer = round.Neighbours[reveal.Peer];
                var held = round.Held[reveal.Peer];
                blobs[reveal.Kind == ShareKind.SelfMaskSeed ? SecAggProtocol.SelfShareOf(peer.Id) : SecAggProtocol.KeyShareOf(peer.Id)] =
                    (reveal.Kind == ShareKind.SelfMaskSeed ? held.SelfMaskShare : held.SecretShare).ToBytes();
            }
            return Task.FromResult(new StageAnswer(StageConfig.Empty, new StagePayload(new Dictionary<string, float[]>(), blobs)));
        }
        finally
        {
            state.End(round);
        }
    }
}
