namespace FedHybrid.Federation.Coordinator;

/// <summary>One round, as written to metrics.csv. Phase times in milliseconds: coordinator phases are
/// measured by the coordinator; client phases are the mean over the clients that submitted.
/// <see cref="JoinRefusals"/> counts the joins refused since the previous row; <see cref="EvaluationRejections"/>
/// the evaluation reports refused in the round's evaluate stage ("reason:count;..."). A value that was
/// not measured (the test accuracy of a round without evaluation) is NaN: an empty CSV field, JSON null.</summary>
public sealed record RoundMetrics(
    int Round,
    int Selected,
    int Joined,
    int Accepted,
    int Rejected,
    int Missing,
    bool Aggregated,
    string RejectionReasons,
    string JoinRefusals,
    string EvaluationRejections,
    double TestLoss,
    double TestAccuracy,
    double SelectMs,
    double SealPublishMs,
    double ClientDownloadOpenMs,
    double ClientTrainMs,
    double ClientSealMs,
    double UploadMs,
    double OpenCheckMs,
    double AggregateMs,
    double EvaluateMs,
    double RoundMs,
    long BytesDown,
    long BytesUp,
    string ModelHash);
