namespace FedHybrid.Federation.Coordinator;

/// <summary>What a client says about its own work on an update (times in milliseconds).</summary>
public sealed record ClientReport(double SlotWaitMs, double DownloadMs, double OpenMs, double TrainMs, double SealMs, double TrainLoss);
