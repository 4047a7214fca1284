using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments;

/// <summary>One run's round times for one suite (milliseconds, means over the rounds counted).</summary>
public sealed record SuiteCost(
    string Suite, int Repeat, int RoundsCounted, double RoundMs, double TrainMs,
    double SealPublishMs, double DownloadOpenMs, double ClientSealMs, double UploadMs, double OpenCheckMs,
    string FinalModelSha256)
{
    /// <summary>The phases where the suite does its work: publishing, opening, sealing, moving and checking bytes.</summary>
    public double CryptoAndTransferMs => SealPublishMs + DownloadOpenMs + ClientSealMs + UploadMs + OpenCheckMs;

    /// <summary>Means over a run's rounds, read in process (never by column name from a file).</summary>
    public static SuiteCost From(string suite, int repeat, IReadOnlyList<RoundMetrics> rounds, string hash)
    {
        var counted = rounds.Count > 1 ? rounds.Skip(1).ToList() : rounds.ToList();
        if (counted.Count == 0) throw new InvalidDataException($"the {suite} run recorded no rounds");
        double Mean(Func<RoundMetrics, double> phase) => counted.Average(phase);
        return new SuiteCost(suite, repeat, counted.Count, Mean(r => r.RoundMs), Mean(r => r.ClientWorkMs),
            Mean(r => r.SealPublishMs), Mean(r => r.ClientDownloadOpenMs), Mean(r => r.ClientSealMs), Mean(r => r.UploadMs),
            Mean(r => r.OpenCheckMs), hash);
    }
}
