using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Everything needed to continue a run after <see cref="Round"/>: the global model, the
/// strategy's state, the envelope ids already seen (replay protection survives a restart) and the
/// metrics so far.</summary>
public sealed record CoordinatorCheckpoint(
    string RunId,
    int Round,
    float[] Weights,
    StrategyState StrategyState,
    IReadOnlyList<string> SeenEnvelopes,
    IReadOnlyList<RoundMetrics> Rounds,
    IReadOnlyList<StageMetrics> Stages,
    IReadOnlyList<ClientRoundRecord> Clients);
