namespace FedHybrid.Experiments;

/// <summary>One run's round times for one suite (milliseconds, means over the rounds counted).</summary>
public sealed record SuiteCost(
    string Suite, int Repeat, int RoundsCounted, double RoundMs, double TrainMs,
    double SealPublishMs, double DownloadOpenMs, double ClientSealMs, double UploadMs, double OpenCheckMs,
    string FinalModelSha256)
{
    /// <summary>The phases where the suite does its work: publishing, opening, sealing, moving and checking bytes.</summary>
    public double CryptoAndTransferMs => SealPublishMs + DownloadOpenMs + ClientSealMs + UploadMs + OpenCheckMs;

    public static SuiteCost From(string suite, int repeat, IReadOnlyList<IReadOnlyDictionary<string, double>> rounds, string hash)
    {
        var counted = rounds.Count > 1 ? rounds.Skip(1).ToList() : rounds.ToList();
        if (counted.Count == 0) throw new InvalidDataException($"the {suite} run wrote no rounds to metrics.csv");
        double Mean(string column) => counted.Average(r => r[column]);
        return new SuiteCost(suite, repeat, counted.Count, Mean("round_ms"), Mean("client_train_ms"),
            Mean("seal_publish_ms"), Mean("client_download_open_ms"), Mean("client_seal_ms"), Mean("upload_ms"),
            Mean("open_check_ms"), hash);
    }
}
