namespace FedHybrid.Federation.Coordinator;

/// <summary>What a client says about its own work on a reply (times in milliseconds): unauthenticated
/// routing data, checked by <see cref="ClientReportCheck"/> before it is recorded.</summary>
public sealed record ClientReport(double SlotWaitMs, double DownloadMs, double OpenMs, double WorkMs, double SealMs)
{
    public static ClientReport None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Nothing known: recorded in place of a report that failed its checks (written as empty fields).</summary>
    public static ClientReport Unknown { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
