namespace FedHybrid.Federation.Coordinator;

/// <summary>The outcome of a run, written as summary.json. <see cref="InitialAccuracy"/> is the initial
/// model's test accuracy: the baseline that training must beat.</summary>
public sealed record RunSummary(
    string RunId,
    string Model,
    string Suite,
    int Rounds,
    int RoundsAggregated,
    int ResumedAfterRound,
    double InitialAccuracy,
    double FinalTestAccuracy,
    double FinalTestLoss,
    double BestTestAccuracy,
    int UpdatesAccepted,
    int UpdatesRejected,
    IReadOnlyDictionary<string, int> RejectionReasons,
    string FinalModelSha256,
    string FinalModelFile,
    double WallSeconds);
