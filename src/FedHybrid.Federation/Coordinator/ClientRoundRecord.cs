namespace FedHybrid.Federation.Coordinator;

/// <summary>One client in one round, as written to clients.csv. Times in milliseconds; client-side
/// times are as the client reported them.</summary>
public sealed record ClientRoundRecord(
    int Round,
    string ClientId,
    string Status,
    string Reason,
    string Detail,
    long Samples,
    double TrainLoss,
    double SlotWaitMs,
    double DownloadMs,
    double OpenMs,
    double TrainMs,
    double SealMs,
    double UploadMs,
    double OpenCheckMs,
    long BytesDown,
    long BytesUp);
