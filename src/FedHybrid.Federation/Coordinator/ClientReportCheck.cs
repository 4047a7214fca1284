namespace FedHybrid.Federation.Coordinator;

/// <summary>The timings a client reports are data from outside: each must be finite and within
/// [0, <see cref="MaxMilliseconds"/>], or the reply is rejected as out of range before it is recorded.</summary>
public static class ClientReportCheck
{
    /// <summary>A week: no honest stage takes longer.</summary>
    public const double MaxMilliseconds = 7 * 24 * 3600e3;

    /// <summary>Null when every timing is acceptable, else what is wrong.</summary>
    public static string? Problem(ClientReport report)
    {
        foreach (var (name, value) in new[]
        {
            ("slot_wait_ms", report.SlotWaitMs), ("download_ms", report.DownloadMs), ("open_ms", report.OpenMs),
            ("work_ms", report.WorkMs), ("seal_ms", report.SealMs),
        })
            if (!(value >= 0 && value <= MaxMilliseconds))
                return $"reported {name} = {value} is outside [0, {MaxMilliseconds}]";
        return null;
    }
}
