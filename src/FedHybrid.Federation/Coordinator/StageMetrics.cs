namespace FedHybrid.Federation.Coordinator;

/// <summary>One stage of one round, as written to stages.csv: who was instructed, what came back, and
/// what the stage cost (coordinator times in milliseconds, bytes on the wire).</summary>
public sealed record StageMetrics(
    int Round,
    int Index,
    string Stage,
    int Instructed,
    int Accepted,
    int Rejected,
    int Missing,
    string RejectionReasons,
    double SealPublishMs,
    double CollectMs,
    double OpenCheckMs,
    double StrategyMs,
    long BytesDown,
    long BytesUp);
