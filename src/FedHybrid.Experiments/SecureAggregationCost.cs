namespace FedHybrid.Experiments;

/// <summary>One variant of <see cref="SecureAggregationCostBenchmark"/>: means per round over the measured
/// rounds (round 1, which pays for JIT and first-time set-up, is left out when there are more).</summary>
/// <param name="ClientMs">Per client whose update went into the round: download, open, work (training, masking) and seal,
/// summed over the round's stages.</param>
/// <param name="ClientProtocolMs">The same over the stages that only secure aggregation has (advertise-keys,
/// share-keys, unmask): the client's extra time beyond masking, which is inside masked-fit's work.</param>
/// <param name="CoordinatorMs">Selection, sealing and publishing, opening and checking, and the strategy's
/// own work (unmasking included), summed over the round's stages.</param>
/// <param name="BytesUpPerClient">Bytes such a client sent in the round, all stages.</param>
public sealed record SecureAggregationCost(string Variant, double Dropout, int MeasuredRounds, int Participants,
    double ClientMs, double ClientProtocolMs, double CoordinatorMs, double BytesUpPerClient, double BytesDownPerClient,
    double FinalAccuracy, int RoundsAggregated, string? Neighbours);
