namespace FedHybrid.Federation.Coordinator;

/// <summary>Everything needed to continue a run after <see cref="Round"/>: the global model, the
/// envelope ids already seen (replay protection survives a restart) and the metrics so far.</summary>
public sealed record CoordinatorCheckpoint(
    string RunId,
    int Round,
    float[] Weights,
    IReadOnlyList<string> SeenEnvelopes,
    IReadOnlyList<RoundMetrics> Rounds,
    IReadOnlyList<ClientRoundRecord> Clients);
