using System.Text.Json;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>Reads a finished run folder into its <see cref="SweepRunResult"/>.</summary>
public static class SweepRunResults
{
    /// <exception cref="InvalidDataException">summary.json or metrics.csv is missing or malformed, naming the file.</exception>
    public static SweepRunResult Read(RunLayout layout, double? targetAccuracy)
    {
        var summary = ReadSummary(layout.Summary);
        if (!File.Exists(layout.Metrics))
            throw new InvalidDataException($"{layout.Metrics} is missing");
        var rounds = CsvTable.Read<RoundMetrics>(layout.Metrics);
        return FromRounds(Path.GetFileName(layout.Root), summary, rounds, targetAccuracy);
    }

    public static SweepRunResult FromRounds(string run, RunSummary summary, IReadOnlyList<RoundMetrics> rounds, double? targetAccuracy)
    {
        double Seconds(Func<RoundMetrics, double> ms) => rounds.Select(ms).Where(double.IsFinite).Sum() / 1000;
        double Last(Func<RoundMetrics, double> epsilon) => rounds.Select(epsilon).LastOrDefault(double.IsFinite, double.NaN);
        int? reached = targetAccuracy is { } target ? rounds.FirstOrDefault(r => r.TestAccuracy >= target)?.Round : null;
        return new SweepRunResult(run, summary.Rounds, summary.RoundsAggregated, summary.FinalTestAccuracy, summary.BestTestAccuracy, reached,
            Seconds(r => r.RoundMs), Seconds(r => r.SelectMs), Seconds(r => r.SealPublishMs), Seconds(r => r.ClientDownloadOpenMs),
            Seconds(r => r.ClientWorkMs), Seconds(r => r.ClientSealMs), Seconds(r => r.UploadMs), Seconds(r => r.OpenCheckMs),
            Seconds(r => r.AggregateMs), Seconds(r => r.EvaluateMs), rounds.Sum(r => r.BytesDown), rounds.Sum(r => r.BytesUp),
            Last(r => r.EpsilonRdp), Last(r => r.EpsilonPld));
    }

    static RunSummary ReadSummary(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), RunFileNaming.Json)
                ?? throw new InvalidDataException($"{path} holds null, not a run summary");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: not a run summary: {e.Message}", e);
        }
    }
}
