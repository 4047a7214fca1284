using System.CommandLine;
using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid attack NAME --config FILE`: one attack of <see cref="AttackRegistry"/> on a config, its results in
/// RUNS/NAME/attack.json and attack.md (<see cref="AttackRunner"/>).</summary>
public static class AttackCommand
{
    public static Command Create()
    {
        var attack = new Argument<string?>("attack")
        {
            Description = "The attack to run: " + string.Join(", ", AttackRegistry.Names) + " (--list describes each)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Option<bool>("--list") { Description = "List the attacks with what each does and measures, and exit" };
        var config = new Option<FileInfo?>("--config") { Description = "Experiment config (JSON, comments allowed); the attack's own options go under attack.options" };
        var name = new Option<string?>("--name") { Description = "Attack folder name (output in RUNS/NAME); overrides the config's run name" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Fashion-MNIST directory when the config's data is \"auto\"" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Directory of runs", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace the attack folder if it already holds something (its contents are deleted); without it such a folder is refused",
        };
        var json = OutputModes.JsonOption();
        var quiet = OutputModes.QuietOption();

        var command = new Command("attack", "Run an attack on an experiment config and measure what its defences leave: " + string.Join(", ", AttackRegistry.Names) + ".");
        command.Arguments.Add(attack);
        foreach (var option in new Option[] { list, config, name, data, runs, overwrite, json, quiet })
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(list))
            {
                foreach (var a in AttackRegistry.All)
                    Console.WriteLine($"{a.Name}: {a.Description}");
                return 0;
            }
            OutputMode mode = result.GetValue(json) ? OutputMode.Json : OutputMode.Lines;
            AttackRunner runner;
            WorkOutput output;
            try
            {
                mode = OutputModes.From(result.GetValue(json), result.GetValue(quiet));
                output = new WorkOutput(mode, totalRounds: 1);
                var chosen = AttackRegistry.Find(result.GetValue(attack)
                    ?? throw new ConfigException("attack NAME", $"is missing: name the attack to run (valid: {string.Join(", ", AttackRegistry.Names)})"));
                var experiment = SimulateCommand.Load(result.GetValue(config), result.GetValue(name), result.GetValue(runs)!, resume: false);
                var simulation = new SimulationOptions
                {
                    RunsDirectory = result.GetValue(runs)!.FullName,
                    DataDirectory = result.GetValue(data)?.FullName,
                    ClientLaunch = SimulateCommand.SelfLaunch(),
                    Log = output.Log,
                };
                runner = new AttackRunner(chosen, experiment, simulation, result.GetValue(config)!.FullName) { Overwrite = result.GetValue(overwrite) };
            }
            catch (ConfigException e)
            {
                WorkOutput.Error(mode, e.Message);
                return 2;
            }
            return await RunAsync(runner, output, cancellationToken);
        });
        return command;
    }

    static async Task<int> RunAsync(AttackRunner runner, WorkOutput output, CancellationToken cancellationToken)
    {
        try
        {
            var record = await runner.RunAsync(cancellationToken);
            var markdown = Path.Combine(runner.Folder, AttackRunner.MarkdownFile);
            output.Result([record.Headline, $"results in {markdown}"], new { record, markdown });
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SimulateCommand.Cancelled(output.Mode, $"cancelled: the attack in {runner.Folder} did not finish (give --overwrite to run it again)");
            return 130;
        }
        catch (Exception e) when (e is RunFolderExistsException or ConfigException)
        {
            output.Error(e.Message);
            return 2;
        }
        catch (Exception e) when (e is SimulationFailedException or FedHybrid.Learning.Data.DatasetNotFoundException or IOException or InvalidOperationException or ArgumentException)
        {
            output.Error(e.Message);
            return 1;
        }
    }
}
