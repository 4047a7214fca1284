using System.CommandLine;
using System.Globalization;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Efficiency;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid bench efficiency`: a config's simulation against the floor of bare TorchSharp loops on every
/// core, round by round, with where the rest of each round went.</summary>
public static class BenchEfficiencyCommand
{
    public static Command Create()
    {
        var run = new BenchRunOptions("Experiment config to run", "Directory of runs (the run is named after the config, with -efficiency)");
        var floorSamples = new Option<int>("--floor-samples") { Description = "Images each bare loop trains on to measure the floor", DefaultValueFactory = _ => 2000 };

        var command = new Command("efficiency", "Simulation efficiency: the floor (the round's training work at the rate of bare single-threaded TorchSharp loops on every core, measured before and after the run) over each round's wall time, and where the rest went; prints a markdown table.");
        foreach (var option in run.All.Append(floorSamples))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ExperimentConfig experiment;
            try
            {
                experiment = run.Load(parse);
                experiment = experiment with { Run = experiment.Run with { Name = experiment.Run.Name + "-efficiency" } };
                if (parse.GetValue(floorSamples) < 1)
                    throw new ConfigException("--floor-samples", $"must be at least 1, got {parse.GetValue(floorSamples)}");
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var options = run.Simulation(parse, message => Console.Error.WriteLine(message));
            try
            {
                var report = await EfficiencyBenchmark.RunAsync(experiment, options, parse.GetValue(floorSamples), message => Console.Error.WriteLine(message), cancellationToken);
                Console.WriteLine(FormatTable(experiment, report));
                return 0;
            }
            catch (RunFolderExistsException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is ConfigException or SimulationFailedException or IOException or InvalidDataException or InvalidOperationException or FedHybrid.Learning.Data.DatasetNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static string FormatTable(ExperimentConfig experiment, EfficiencyReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"`{experiment.Run.Name}`: {experiment.Model.Name}, {experiment.Run.Clients} clients, batch {experiment.Training.BatchSize}, {experiment.Training.LocalEpochs} local epoch(s), {report.Cores} cores; floor {report.FloorBefore:0} samples/s before the run, {report.FloorAfter:0} after (mean {report.FloorSamplesPerSecond:0}); final model {report.FinalModelSha256[..16]}..., {report.Folder}"),
            "",
            "Seconds. Collect is split into the floor, training beyond it, client crypto + transfer, coordinator open + check and idle/waiting, each summed over the clients and divided by the cores."
            + " The client phases are wall times as clients report them, so they include waiting for a core (and, for virtual clients, for the host's pool and connections): a negative idle/waiting says by how much they overlapped.",
            "",
            "| round | fits | samples | floor | round | efficiency | publish | collect | training beyond floor | client crypto + transfer | coordinator open + check | idle / waiting | aggregate | evaluate | other |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in report.Rounds)
            lines.Add(Row(c, r.Round.ToString(c), r, r.Efficiency));
        var counted = report.Rounds.Count > 1 ? report.Rounds.Skip(1).ToArray() : report.Rounds.ToArray();
        if (counted.Length > 0)
        {
            var median = new RoundEfficiency(0, (int)Median(counted, r => r.Clients), (long)Median(counted, r => r.SamplesTrained), Median(counted, r => r.FloorSeconds),
                Median(counted, r => r.RoundSeconds), Median(counted, r => r.PublishSeconds), Median(counted, r => r.CollectSeconds),
                Median(counted, r => r.TrainingBeyondFloorSeconds), Median(counted, r => r.ClientCryptoAndTransferSeconds), Median(counted, r => r.CoordinatorOpenCheckSeconds),
                Median(counted, r => r.IdleSeconds), Median(counted, r => r.AggregateSeconds), Median(counted, r => r.EvaluateSeconds), Median(counted, r => r.OtherSeconds));
            // Each column's own median (the efficiency too, not the ratio of two medians); round 1 pays for start-up.
            lines.Add(Row(c, report.Rounds.Count > 1 ? $"median of 2..{report.Rounds[^1].Round}" : "median", median, Median(counted, r => r.Efficiency)));
        }
        return string.Join(Environment.NewLine, lines);
    }

    static string Row(CultureInfo c, string label, RoundEfficiency r, double efficiency) => string.Create(c,
        $"| {label} | {r.Clients} | {r.SamplesTrained} | {r.FloorSeconds:F2} | {r.RoundSeconds:F2} | {efficiency:F3} | {r.PublishSeconds:F2} | {r.CollectSeconds:F2} | {r.TrainingBeyondFloorSeconds:F2} | {r.ClientCryptoAndTransferSeconds:F2} | {r.CoordinatorOpenCheckSeconds:F2} | {r.IdleSeconds:F2} | {r.AggregateSeconds:F2} | {r.EvaluateSeconds:F2} | {r.OtherSeconds:F2} |");

    static double Median(IReadOnlyList<RoundEfficiency> rounds, Func<RoundEfficiency, double> value)
    {
        var sorted = rounds.Select(value).Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
