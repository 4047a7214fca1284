using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Learning.Training;

namespace FedHybrid.Experiments.Efficiency;

/// <summary>What <c>fedhybrid bench efficiency</c> measured: the floor's rate before and after the run (the same
/// sitting), the run's folder and model, and each round's efficiency against the mean of the two rates.</summary>
public sealed record EfficiencyReport(double FloorBefore, double FloorAfter, int Cores, string Folder, string FinalModelSha256,
    IReadOnlyList<RoundEfficiency> Rounds)
{
    public double FloorSamplesPerSecond => (FloorBefore + FloorAfter) / 2;
}

/// <summary>
/// Simulation efficiency measured: the bare loops' rate on every core, the config's simulation, the bare loops again,
/// then <see cref="SimulationEfficiency"/> over the run's tables, so that the floor and the run share one sitting.
/// </summary>
public static class EfficiencyBenchmark
{
    public static async Task<EfficiencyReport> RunAsync(ExperimentConfig config, SimulationOptions options, int floorSamplesPerWorker,
        Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        int cores = Environment.ProcessorCount;
        var data = await ExperimentData.LoadAsync(config, options.DataDirectory, cancellationToken).ConfigureAwait(false);
        double Floor()
        {
            double rate = TrainingFloor.SamplesPerSecond(config.Model.Name, data.Train, config.Training.BatchSize, cores, floorSamplesPerWorker,
                config.Training.LearningRate, config.Training.Momentum);
            log($"floor: {cores} bare single-threaded loops of {config.Model.Name} at batch {config.Training.BatchSize}: {rate:0} samples/s together");
            return rate;
        }

        double before = Floor();
        var runner = new SimulationRunner(config, options);
        var summary = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        double after = Floor();
        var stages = CsvTable.Read<StageMetrics>(runner.Layout.Stages);
        var clients = CsvTable.Read<ClientRoundRecord>(runner.Layout.Clients);
        var rounds = SimulationEfficiency.Of(runner.Rounds, stages, clients, config.Training.LocalEpochs, (before + after) / 2, cores);
        return new EfficiencyReport(before, after, cores, runner.Layout.Root, summary.FinalModelSha256, rounds);
    }
}
