namespace FedHybrid.Federation.Client.Stages;

/// <summary>Where a stage's time went on the client (milliseconds), reported with the reply.</summary>
public sealed class StageTimings
{
    public double SlotWaitMs { get; set; }
    public double DownloadMs { get; set; }
    public double OpenMs { get; set; }
    public double WorkMs { get; set; }
    public double SealMs { get; set; }
}
