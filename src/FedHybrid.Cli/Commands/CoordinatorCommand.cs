using System.CommandLine;
using System.Net;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid coordinator`: the coordinator alone, for clients started elsewhere.</summary>
public static class CoordinatorCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Experiment config (JSON); with --resume, defaults to the run's config.json" };
        var name = new Option<string?>("--name") { Description = "Run name (output in RUNS/NAME)" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Fashion-MNIST directory when the config's data is \"auto\"" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Directory of runs", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var resume = SimulateCommand.ResumeOption();
        var overwrite = SimulateCommand.OverwriteOption();
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on", DefaultValueFactory = _ => "127.0.0.1:50051" };
        var kit = LabKitOption.Create("the coordinator folder");
        var json = OutputModes.JsonOption();
        var quiet = OutputModes.QuietOption();
        var livePage = LivePageOption.Create();
        var healthListen = new Option<string?>("--health-listen")
        {
            Description = "Also answer grpc.health.v1 (and nothing else) in cleartext at this ADDRESS:PORT, for probes without a lab certificate (Kubernetes)",
        };

        var command = new Command("coordinator", "Run the coordinator and wait for clients (keys and partitions are written to the run directory).");
        foreach (var option in new Option[] { config, name, data, runs, resume, overwrite, listen, kit, json, quiet, livePage, healthListen })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            ExperimentConfig experiment;
            IPEndPoint? page;
            OutputMode mode = result.GetValue(json) ? OutputMode.Json : OutputMode.Lines;
            try
            {
                mode = OutputModes.From(result.GetValue(json), result.GetValue(quiet));
                SimulateCommand.CheckResumeOrOverwrite(result.GetValue(resume), result.GetValue(overwrite));
                page = LivePageOption.Parse(result, livePage);
                experiment = SimulateCommand.Load(result.GetValue(config), result.GetValue(name), result.GetValue(runs)!, result.GetValue(resume));
            }
            catch (ConfigException e)
            {
                WorkOutput.Error(mode, e.Message);
                return 2;
            }
            if (!IPEndPoint.TryParse(result.GetValue(listen)!, out var endpoint))
            {
                WorkOutput.Error(mode, $"--listen: '{result.GetValue(listen)}' is not ADDRESS:PORT");
                return 2;
            }
            System.Net.IPEndPoint? healthEndpoint = null;
            if (result.GetValue(healthListen) is { } health && !IPEndPoint.TryParse(health, out healthEndpoint))
            {
                WorkOutput.Error(mode, $"--health-listen: '{health}' is not ADDRESS:PORT");
                return 2;
            }
            var output = new WorkOutput(mode, experiment.Run.Rounds);
            var options = new SimulationOptions
            {
                RunsDirectory = result.GetValue(runs)!.FullName,
                DataDirectory = result.GetValue(data)?.FullName,
                Resume = result.GetValue(resume),
                Overwrite = result.GetValue(overwrite),
                ClientLaunch = null,
                Host = new CoordinatorHostOptions { Listen = endpoint },
                LivePage = page,
                HealthListen = healthEndpoint,
            };
            if (result.GetValue(kit) is { } kitDirectory)
            {
                try
                {
                    options = LabKitOption.ApplyToCoordinator(kitDirectory, experiment, endpoint, options, output);
                }
                catch (Exception e) when (e is FedHybrid.Deployment.KitLoadException or ConfigException or FedHybrid.Crypto.CryptoException)
                {
                    output.Error($"--kit: {e.Message}");
                    return 2;
                }
            }
            var extra = new List<string> { "--listen", result.GetValue(listen)! };
            if (result.GetValue(kit) is { } k)
                extra.AddRange(["--kit", k.FullName]);
            if (result.GetValue(data) is { } d)
                extra.AddRange(["--data", d.FullName]);
            if (result.GetValue(healthListen) is { } h)
                extra.AddRange(["--health-listen", h]);
            var resumeCommand = SimulateCommand.ResumeCommand("coordinator", experiment.Run.Name, result.GetValue(runs)!, extra);
            return await SimulateCommand.RunAsync(experiment, options, resumeCommand, output, cancellationToken);
        });
        return command;
    }
}
