using System.CommandLine;
using System.Diagnostics;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid simulate`: a whole federated run on this machine, one OS process per client.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Experiment config (JSON, comments allowed); with --resume, defaults to the run's config.json" };
        var name = new Option<string?>("--name") { Description = "Run name (output in RUNS/NAME); overrides the config's name" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Fashion-MNIST directory when the config's data is \"auto\"" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Directory of runs", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var resume = ResumeOption();
        var overwrite = OverwriteOption();
        var json = OutputModes.JsonOption();
        var quiet = OutputModes.QuietOption();
        var livePage = LivePageOption.Create();
        var reproducible = new Option<bool>("--reproducible")
        {
            Description = "Pin libtorch's, oneDNN's and MKL's CPU kernels to AVX2 in every process (sets the config's run.reproducible)",
        };

        var command = new Command("simulate", "Run a federated experiment locally: coordinator plus one process per client.");
        foreach (var option in new Option[] { config, name, data, runs, resume, overwrite, json, quiet, livePage, reproducible })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            ExperimentConfig experiment;
            System.Net.IPEndPoint? page;
            OutputMode mode = result.GetValue(json) ? OutputMode.Json : OutputMode.Lines;
            try
            {
                mode = OutputModes.From(result.GetValue(json), result.GetValue(quiet));
                CheckResumeOrOverwrite(result.GetValue(resume), result.GetValue(overwrite));
                page = LivePageOption.Parse(result, livePage);
                experiment = Load(result.GetValue(config), result.GetValue(name), result.GetValue(runs)!, result.GetValue(resume));
                if (result.GetValue(reproducible))
                    experiment = experiment with { Run = experiment.Run with { Reproducible = true } };
            }
            catch (ConfigException e)
            {
                WorkOutput.Error(mode, e.Message);
                return 2;
            }
            var options = new SimulationOptions
            {
                RunsDirectory = result.GetValue(runs)!.FullName,
                DataDirectory = result.GetValue(data)?.FullName,
                Resume = result.GetValue(resume),
                Overwrite = result.GetValue(overwrite),
                ClientLaunch = SelfLaunch(),
                LivePage = page,
            };
            var resumeCommand = ResumeCommand("simulate", experiment.Run.Name, result.GetValue(runs)!, result.GetValue(data) is { } d ? ["--data", d.FullName] : []);
            return await RunAsync(experiment, options, resumeCommand, new WorkOutput(mode, experiment.Run.Rounds), cancellationToken);
        });
        return command;
    }

    internal static Option<bool> ResumeOption() => new("--resume") { Description = "Continue the run from its last checkpoint" };

    internal static Option<bool> OverwriteOption() => new("--overwrite")
    {
        Description = "Replace the run folder if it already holds a run (its model, summary, metrics and keys are deleted); without it such a folder is refused",
    };

    internal static void CheckResumeOrOverwrite(bool resume, bool overwrite)
    {
        if (resume && overwrite)
            throw new ConfigException("--overwrite", "cannot be combined with --resume (one continues the run, the other deletes it)");
    }

    /// <summary>The command line that continues this run after an interruption.</summary>
    internal static string ResumeCommand(string subcommand, string name, DirectoryInfo runs, IEnumerable<string> extra) =>
        string.Join(' ', new[] { "fedhybrid", subcommand, "--resume", "--name", name, "--runs", runs.FullName }.Concat(extra).Select(Quote));

    static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''") + "'";

    internal static ExperimentConfig Load(FileInfo? config, string? name, DirectoryInfo runs, bool resume)
    {
        ExperimentConfig experiment;
        if (config is not null)
            experiment = ExperimentConfigLoader.Load(config.FullName);
        else if (resume && name is not null)
            experiment = ExperimentConfigLoader.Load(Path.Combine(runs.FullName, name, "config.json"));
        else
            throw new ConfigException("--config", "a config file is required (or --resume with --name)");
        if (name is not null)
            experiment = experiment with { Run = experiment.Run with { Name = name } };
        ExperimentConfigLoader.Validate(experiment);
        return experiment;
    }

    internal static async Task<int> RunAsync(ExperimentConfig experiment, SimulationOptions options, string resumeCommand, WorkOutput output, CancellationToken cancellationToken)
    {
        SimulationRunner runner;
        try
        {
            // Calibrating a target epsilon, or checking distributed DP against the model, can refuse the config here.
            runner = new SimulationRunner(experiment, options with { Log = output.Log, Progress = output });
        }
        catch (ConfigException e)
        {
            output.Error(e.Message);
            return 2;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            output.Log($"run '{experiment.Run.Name}': {experiment.Model.Name}, {experiment.Run.Clients} clients, {experiment.Run.Rounds} rounds, strategy {experiment.Strategy.Name}, suite {experiment.Crypto.Suite} -> {runner.Layout.Root}");
            RunSummary summary = await output.RunAsync($"run '{experiment.Run.Name}'", () => runner.RunAsync(cancellationToken));
            output.Result([
                $"done in {clock.Elapsed.TotalSeconds:0.0}s: final test accuracy {summary.FinalTestAccuracy:P2} (loss {summary.FinalTestLoss:0.0000}; the initial model: {summary.InitialAccuracy:P2}), "
                + $"{summary.UpdatesAccepted} updates accepted, {summary.UpdatesRejected} rejected"
                + (summary.RejectionReasons.Count > 0 ? $" ({string.Join(", ", summary.RejectionReasons.Select(r => $"{r.Key}: {r.Value}"))})" : ""),
                $"final model sha256 {summary.FinalModelSha256}; results in {runner.Layout.Root}"],
                new { summary, folder = runner.Layout.Root });
            return 0;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            var state = e is SimulationCancelledException { CheckpointedRound: { } round }
                ? $"round {round} of {experiment.Run.Rounds} is checkpointed in {runner.Layout.Root}"
                : "no round had completed";
            Cancelled(output.Mode, $"cancelled: every client process was stopped; {state}. Continue with: {resumeCommand}");
            return 130;
        }
        catch (Exception e) when (e is RunFolderExistsException or CheckpointRejectedException)
        {
            output.Error(e.Message);
            return 2;
        }
        catch (Exception e) when (e is SimulationFailedException or ConfigException or FedHybrid.Learning.Data.DatasetNotFoundException or IOException or InvalidOperationException)
        {
            output.Error(e.Message);
            return 1;
        }
    }

    /// <summary>The one line an interrupted run leaves on stderr (a JSON object with --json).</summary>
    internal static void Cancelled(OutputMode mode, string line) =>
        Console.Error.WriteLine(mode == OutputMode.Json ? System.Text.Json.JsonSerializer.Serialize(new { @event = "cancelled", cancelled = line }) : line);

    /// <summary>How to start this same program as a client: the apphost beside us, else `dotnet fedhybrid.dll`.</summary>
    internal static ClientLaunch SelfLaunch()
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "fedhybrid.exe" : "fedhybrid");
        if (File.Exists(apphost))
            return new ClientLaunch(apphost, []);
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return new ClientLaunch(dotnet, [Path.Combine(directory, "fedhybrid.dll")]);
    }
}
