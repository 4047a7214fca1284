using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Efficiency;

/// <summary>
/// Simulation efficiency of a finished run, round by round: the floor (the round's training work, i.e. the samples of
/// its accepted fits times the local epochs, at the rate bare single-threaded loops reach on every core at once:
/// <see cref="Learning.Training.TrainingFloor"/>) over the round's wall time, with the wall time split by phase.
/// </summary>
public static class SimulationEfficiency
{
    /// <param name="floorSamplesPerSecond">What the bare loops train together a second on <paramref name="cores"/> cores,
    /// measured in the same sitting as the run.</param>
    public static IReadOnlyList<RoundEfficiency> Of(IReadOnlyList<RoundMetrics> rounds, IReadOnlyList<StageMetrics> stages,
        IReadOnlyList<ClientRoundRecord> clients, int epochs, double floorSamplesPerSecond, int cores)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        if (!(floorSamplesPerSecond > 0) || double.IsInfinity(floorSamplesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(floorSamplesPerSecond), floorSamplesPerSecond, "the floor's rate must be a positive number of samples a second");
        return rounds.Select(row =>
        {
            var roundStages = stages.Where(s => s.Round == row.Round).ToArray();
            var roundClients = clients.Where(c => c.Round == row.Round).ToArray();
            var fits = roundClients.Where(c => c.Stage is FitProtocol.FitStage or SecAggProtocol.MaskedFitStage && c.Status == "accepted").ToArray();
            long samples = fits.Sum(c => c.Samples);
            double floor = (double)samples * epochs / floorSamplesPerSecond;
            double round = row.RoundMs / 1000;
            double publish = (row.SelectMs + roundStages.Sum(s => s.SealPublishMs)) / 1000;
            double collect = roundStages.Sum(s => s.CollectMs) / 1000;
            double aggregate = Finite(row.AggregateMs) / 1000, evaluate = Finite(row.EvaluateMs) / 1000;
            double perCore = 1000.0 * cores;
            double training = fits.Sum(c => c.WorkMs) / perCore - floor;
            double crypto = roundClients.Sum(c => c.DownloadMs + c.OpenMs + c.SealMs + c.UploadMs) / perCore;
            double openCheck = roundClients.Sum(c => c.OpenCheckMs) / perCore;
            return new RoundEfficiency(row.Round, fits.Length, samples, floor, round, publish, collect,
                training, crypto, openCheck, collect - floor - training - crypto - openCheck,
                aggregate, evaluate, round - publish - collect - aggregate - evaluate);
        }).ToArray();
    }

    static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
