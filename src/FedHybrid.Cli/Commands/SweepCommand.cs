using System.CommandLine;
using System.Globalization;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;
using FedHybrid.Experiments.Sweeps;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid sweep`: a grid of simulations over varied config values, resumable, with summary.csv.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "Base experiment config (JSON, comments allowed)", Required = true };
        var vary = new Option<string[]>("--vary")
        {
            Description = "PATH=v1,v2: a config path in sections (training.learning_rate, strategy.options.proximal_mu) and its values; repeat for a grid",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var name = new Option<string?>("--name") { Description = "Sweep name (output in RUNS/NAME); defaults to the config's run.name" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Directory of runs", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Fashion-MNIST directory when the config's data is \"auto\"" };
        var target = new Option<double?>("--target-accuracy") { Description = "summary.csv counts the rounds each run took to reach this test accuracy (0..1)" };
        var json = OutputModes.JsonOption();
        var quiet = OutputModes.QuietOption();

        var command = new Command("sweep", "Run a grid of simulations over varied config values into RUNS/NAME/, one run folder per point; a rerun skips finished runs and continues an interrupted one.");
        foreach (var option in new Option[] { config, vary, name, runs, data, target, json, quiet })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            SweepGrid grid;
            string sweepName;
            OutputMode mode = result.GetValue(json) ? OutputMode.Json : OutputMode.Lines;
            try
            {
                mode = OutputModes.From(result.GetValue(json), result.GetValue(quiet));
                if (result.GetValue(target) is { } t && !(t is >= 0 and <= 1))
                    throw new ConfigException("--target-accuracy", $"must be between 0 and 1, got {t.ToString(CultureInfo.InvariantCulture)}");
                var file = result.GetValue(config)!;
                var text = ReadConfig(file);
                var axes = result.GetValue(vary)!.Select(SweepAxis.Parse).ToArray();
                grid = SweepGrid.Create(text, axes);
                sweepName = result.GetValue(name) ?? ExperimentConfigLoader.Parse(text).Run.Name;
                if (sweepName.Length == 0 || sweepName.StartsWith('.') || sweepName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                    throw new ConfigException("--name", $"must be letters, digits, '-', '_' or '.', not starting with '.' (it names a directory), got '{sweepName}'");
            }
            catch (ConfigException e)
            {
                WorkOutput.Error(mode, e.Message);
                return 2;
            }
            var output = new WorkOutput(mode, grid.Points.Sum(p => p.Config.Run.Rounds));
            var directory = Path.Combine(result.GetValue(runs)!.FullName, sweepName);
            var runner = new SweepRunner(grid, directory, new SweepOptions
            {
                DataDirectory = result.GetValue(data)?.FullName,
                ClientLaunch = SimulateCommand.SelfLaunch(),
                TargetAccuracy = result.GetValue(target),
                Log = output.Log,
                Events = e => Report(output, grid, e),
            });
            output.Log($"sweep '{sweepName}': {grid.Points.Count} runs ({string.Join(" x ", grid.Axes.Select(a => $"{a.Values.Count} {a.Path}"))}) -> {directory}");
            try
            {
                var done = await output.RunAsync($"sweep '{sweepName}'", () => runner.RunAsync(cancellationToken));
                output.Result([$"done: {done.Count} runs; summary in {runner.SummaryPath}"],
                    new { runs = done.Select(d => d.Result), summary = runner.SummaryPath });
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                SimulateCommand.Cancelled(mode, "cancelled: every client process was stopped. Continue with the same command: it skips finished runs and resumes the interrupted one.");
                return 130;
            }
            catch (Exception e) when (e is SweepConflictException or RunFolderExistsException or CheckpointRejectedException)
            {
                output.Error(e.Message);
                return 2;
            }
            catch (Exception e) when (e is SimulationFailedException or ConfigException or FedHybrid.Learning.Data.DatasetNotFoundException or IOException or InvalidDataException or InvalidOperationException)
            {
                output.Error(e.Message);
                return 1;
            }
        });
        return command;
    }

    static string ReadConfig(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
            throw new ConfigException("--config", $"{file.FullName} is a directory, not a config file");
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("--config", $"cannot read {file.FullName}: {e.Message}");
        }
    }

    static void Report(WorkOutput output, SweepGrid grid, SweepEvent e)
    {
        var at = $"[{e.Index}/{e.Count}] {e.Point.Name}";
        // The bar counts every round of the sweep; a run's rounds count after those of the runs before it.
        var before = grid.Points.Take(e.Index - 1).Sum(p => p.Config.Run.Rounds);
        object Payload(string state) => new { index = e.Index, count = e.Count, run = e.Point.Name, state, settings = e.Point.Settings.ToDictionary(s => s.Path, s => s.Value), result = e.Result };
        switch (e.Kind)
        {
            case SweepEventKind.Round:
                output.Report(e.Round!);
                break;
            case SweepEventKind.Skipped:
                output.StartRun(before + e.Point.Config.Run.Rounds, $"[{e.Index}/{e.Count}] ");
                output.Event("run", $"{at}: finished already (best accuracy {e.Result!.BestAccuracy:P2}), skipped", Payload("skipped"));
                break;
            case SweepEventKind.Started or SweepEventKind.Resumed:
                output.StartRun(before, $"[{e.Index}/{e.Count}] ");
                output.Event("run", e.Kind == SweepEventKind.Started ? $"{at}: started" : $"{at}: interrupted earlier, resuming from its checkpoint",
                    Payload(e.Kind == SweepEventKind.Started ? "started" : "resumed"));
                break;
            case SweepEventKind.Finished:
                output.Event("run", $"{at}: finished, final accuracy {e.Result!.FinalAccuracy:P2}, best {e.Result.BestAccuracy:P2}", Payload("finished"));
                break;
        }
    }
}
