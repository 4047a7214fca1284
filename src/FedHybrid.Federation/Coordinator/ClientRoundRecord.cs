namespace FedHybrid.Federation.Coordinator;

/// <summary>One client in one stage of one round, as written to clients.csv. Times in milliseconds;
/// client-side times are as the client reported them (checked to be finite and non-negative).
/// <see cref="TrainLoss"/> is the reply's train_loss metric where it has one, else NaN; <see cref="ValuesClipped"/> its values_clipped metric (secure aggregation clips before masking), else 0.</summary>
public sealed record ClientRoundRecord(
    int Round,
    string Stage,
    string ClientId,
    string Status,
    string Reason,
    string Detail,
    long Samples,
    double TrainLoss,
    double SlotWaitMs,
    double DownloadMs,
    double OpenMs,
    double WorkMs,
    double SealMs,
    double UploadMs,
    double OpenCheckMs,
    long BytesDown,
    long BytesUp,
    long ValuesClipped = 0);
