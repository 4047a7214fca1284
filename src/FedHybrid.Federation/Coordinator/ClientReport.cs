namespace FedHybrid.Federation.Coordinator;

/// <summary>What a client says about its own work on a reply (times in milliseconds): unauthenticated
/// routing data, checked by <see cref="ClientReportCheck"/> before it is recorded.</summary>
public sealed record ClientReport(double SlotWaitMs, double DownloadMs, double OpenMs, double WorkMs, double SealMs)
{
    public static ClientReport None { get; } = new(0, 0, 0, 0, 0);
}
