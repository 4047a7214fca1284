using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>
/// A toy secure sum in four stages, to show that protocols like secure aggregation fit the engine
/// unchanged: advertise-keys (each client's public keys) -> share-mask (each client seals a random mask
/// to its successor in a ring; the coordinator only relays it) -> relay-mask (each client opens the mask
/// its predecessor sealed to it) -> masked-input (each sends value + own mask - received mask; the masks
/// cancel in the sum). It records everything the coordinator ever held in plaintext.
/// </summary>
sealed class RingMaskStrategy : Strategy
{
    public const string Advertise = "advertise-keys", Share = "share-mask", Relay = "relay-mask", MaskedInput = "masked-input";
    readonly Dictionary<string, (byte[] EnvelopeKey, byte[] SigningKey)> _keys = new(StringComparer.Ordinal);
    readonly Dictionary<string, byte[]> _sealedMasks = new(StringComparer.Ordinal);
    IReadOnlyList<string> _ring = [];

    public override string Name => "ring-mask";

    /// <summary>Every reply the coordinator held, as the engine handed it over (after opening its envelope).</summary>
    public List<StageReply> Held { get; } = [];

    /// <summary>The masked inputs, one per client.</summary>
    public Dictionary<string, float> MaskedInputs { get; } = new(StringComparer.Ordinal);

    public override StagePlan BeginRound(RoundContext round)
    {
        _ring = round.Clients;
        return Plan(Advertise, _ring.Select(id => new ClientInstruction(id, StageConfig.Empty)));
    }

    public override StageOutcome CompleteStage(RoundContext round, StageResults results)
    {
        Held.AddRange(results.Replies);
        if (results.Failures.Count > 0)
            return StageOutcome.Done(RoundResult.Aborted(round.Global, $"{results.Failures.Count} client(s) failed in {results.Stage}"));
        var replies = results.Replies.ToDictionary(r => r.ClientId, StringComparer.Ordinal);
        switch (results.Stage)
        {
            case Advertise:
                foreach (var reply in results.Replies)
                    _keys[reply.ClientId] = (reply.Payload.Blob("envelope_key"), reply.Payload.Blob("signing_key"));
                // Each client learns its successor's keys and seals its mask to it.
                return StageOutcome.Next(Plan(Share, _ring.Select((id, i) =>
                {
                    var peer = Successor(i);
                    return new ClientInstruction(id, StageConfig.Empty.With("peer", peer), Blobs(("peer_envelope_key", _keys[peer].EnvelopeKey), ("peer_signing_key", _keys[peer].SigningKey)));
                })));
            case Share:
                foreach (var reply in results.Replies)
                    _sealedMasks[reply.ClientId] = reply.Payload.Blob("sealed_mask");
                // Relay: each client gets what its predecessor sealed to it, and the predecessor's keys to check it by.
                return StageOutcome.Next(Plan(Relay, _ring.Select((id, i) =>
                {
                    var from = Predecessor(i);
                    return new ClientInstruction(id, StageConfig.Empty.With("from", from),
                        Blobs(("relayed_mask", _sealedMasks[from]), ("peer_envelope_key", _keys[from].EnvelopeKey), ("peer_signing_key", _keys[from].SigningKey)));
                })));
            case Relay:
                return StageOutcome.Next(Plan(MaskedInput, _ring.Select(id => new ClientInstruction(id, StageConfig.Empty))));
            default:
                double sum = 0;
                foreach (var id in _ring)
                {
                    MaskedInputs[id] = replies[id].Payload.Vector("y", 1)[0];
                    sum += MaskedInputs[id];
                }
                return StageOutcome.Done(new RoundResult([(float)(round.Global[0] + sum)], true, null, StageConfig.Empty));
        }
    }

    string Successor(int i) => _ring[(i + 1) % _ring.Count];

    string Predecessor(int i) => _ring[(i + _ring.Count - 1) % _ring.Count];

    static StagePlan Plan(string stage, IEnumerable<ClientInstruction> instructions) => new(stage, StagePayload.Empty, instructions.ToArray());

    static StagePayload Blobs(params (string Name, byte[] Bytes)[] blobs) =>
        new(new Dictionary<string, float[]>(), blobs.ToDictionary(b => b.Name, b => b.Bytes, StringComparer.Ordinal));
}
