namespace FedHybrid.Federation.Coordinator;

/// <summary>One round, as written to metrics.csv. Counts are over every stage of the round (stages.csv
/// breaks them down). Phase times in milliseconds: coordinator phases are measured by the coordinator;
/// client phases are the mean over the replies that arrived. <see cref="JoinRefusals"/> counts the
/// joins refused since the previous row. <see cref="AbortReason"/> says why a round did not aggregate. A
/// value that was not measured (a federated evaluation that did not run) is NaN: an empty CSV field, JSON null.
/// The strategy's own figures (<see cref="FedHybrid.Aggregation.Stages.RoundMetricKeys"/>) come last:
/// values clipped before masking, and epsilon spent so far by each accountant (NaN without DP).</summary>
public sealed record RoundMetrics(
    int Round,
    string Stages,
    int Selected,
    int Joined,
    int Accepted,
    int Rejected,
    int Missing,
    bool Aggregated,
    string AbortReason,
    string RejectionReasons,
    string JoinRefusals,
    double TestLoss,
    double TestAccuracy,
    double FederatedLoss,
    double FederatedAccuracy,
    double SelectMs,
    double SealPublishMs,
    double ClientDownloadOpenMs,
    double ClientWorkMs,
    double ClientSealMs,
    double UploadMs,
    double OpenCheckMs,
    double AggregateMs,
    double EvaluateMs,
    double RoundMs,
    long BytesDown,
    long BytesUp,
    string ModelHash,
    long ValuesClipped = 0,
    double EpsilonRdp = double.NaN,
    double EpsilonPld = double.NaN);
