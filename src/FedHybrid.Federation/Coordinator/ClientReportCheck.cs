namespace FedHybrid.Federation.Coordinator;

/// <summary>The timings a client reports are data from outside: each must be finite (else the reply is
/// rejected as not-finite) and within [0, <see cref="MaxMilliseconds"/>] (else report-out-of-range),
/// before anything is recorded.</summary>
public static class ClientReportCheck
{
    /// <summary>A week: no honest stage takes longer.</summary>
    public const double MaxMilliseconds = 7 * 24 * 3600e3;

    /// <summary>Null when every timing is acceptable, else the rejection.</summary>
    public static ReplyVerdict? Problem(ClientReport report)
    {
        foreach (var (name, value) in new[]
        {
            ("slot_wait_ms", report.SlotWaitMs), ("download_ms", report.DownloadMs), ("open_ms", report.OpenMs),
            ("work_ms", report.WorkMs), ("seal_ms", report.SealMs),
        })
        {
            if (!double.IsFinite(value))
                return ReplyVerdict.Reject(UpdateRejection.NotFinite, $"reported {name} is {value}");
            if (value is < 0 or > MaxMilliseconds)
                return ReplyVerdict.Reject(UpdateRejection.ReportOutOfRange, $"reported {name} = {value} is outside [0, {MaxMilliseconds}]");
        }
        return null;
    }
}
