namespace FedHybrid.Federation.Coordinator;

/// <summary>What a client says about its own work on an update (times in milliseconds). Untrusted:
/// <see cref="UpdateValidator.CheckReport"/> checks every value before it is kept.</summary>
public sealed record ClientReport(double SlotWaitMs, double DownloadMs, double OpenMs, double TrainMs, double SealMs, double TrainLoss)
{
    /// <summary>Nothing known: recorded in place of a report that failed its checks (written as empty fields).</summary>
    public static ClientReport Unknown { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The timings with their wire names (UpdateMetadata.timings).</summary>
    public IEnumerable<(string Field, double Value)> Timings =>
        [("slot_wait_ms", SlotWaitMs), ("download_ms", DownloadMs), ("open_ms", OpenMs), ("train_ms", TrainMs), ("seal_ms", SealMs)];
}
