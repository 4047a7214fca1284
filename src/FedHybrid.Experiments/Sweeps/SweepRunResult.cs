namespace FedHybrid.Experiments.Sweeps;

/// <summary>
/// One finished run of a sweep as summary.csv shows it, from its summary.json and metrics.csv. Times
/// are seconds summed over the rounds from metrics.csv's *_ms columns (client phases are each round's
/// mean over its replies); <see cref="TotalSeconds"/> sums round_ms. <see cref="RoundsToTarget"/> is the
/// first round whose test accuracy reached the target (null: no target, or never reached). Epsilon is
/// the last round's (NaN without DP).
/// </summary>
public sealed record SweepRunResult(
    string Run,
    int Rounds,
    int RoundsAggregated,
    double FinalAccuracy,
    double BestAccuracy,
    int? RoundsToTarget,
    double TotalSeconds,
    double SelectSeconds,
    double SealPublishSeconds,
    double ClientDownloadOpenSeconds,
    double ClientWorkSeconds,
    double ClientSealSeconds,
    double UploadSeconds,
    double OpenCheckSeconds,
    double AggregateSeconds,
    double EvaluateSeconds,
    long BytesDown,
    long BytesUp,
    double EpsilonRdp,
    double EpsilonPld);
