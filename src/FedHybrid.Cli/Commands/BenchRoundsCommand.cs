using System.CommandLine;
using System.Globalization;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid bench rounds`: round wall time of one experiment under several suites, alternately.</summary>
public static class BenchRoundsCommand
{
    public static Command Create()
    {
        var run = new BenchRunOptions("Experiment config to run under each suite", "Directory of runs");
        var suites = new Option<string>("--suites") { Description = "Comma-separated suites, measured alternately", DefaultValueFactory = _ => "none,hpke-x25519-aes256gcm,rsa4096-oaep-aes256gcm" };
        var repeats = new Option<int>("--repeats") { Description = "How many times to cycle through the suites", DefaultValueFactory = _ => 1 };

        var command = new Command("rounds", "Round wall time of an experiment with each suite (e.g. none, the default, RSA-OAEP), measured alternately in one run; prints a markdown table.");
        foreach (var option in run.All.Concat([suites, repeats]))
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ExperimentConfig experiment;
            try
            {
                experiment = run.Load(parse);
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var suiteList = parse.GetValue(suites)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = run.Simulation(parse);
            try
            {
                var results = await SuiteCostBenchmark.RunAsync(experiment, suiteList, parse.GetValue(repeats), options,
                    message => Console.Error.WriteLine(message), cancellationToken);
                Console.WriteLine(FormatTable(experiment, results));
                return 0;
            }
            catch (Exception e) when (e is ConfigException or SimulationFailedException or RunFolderExistsException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static string FormatTable(ExperimentConfig experiment, IReadOnlyList<SuiteCost> results)
    {
        var c = CultureInfo.InvariantCulture;
        var baseline = results.Where(r => r.Suite == "none").Select(r => r.RoundMs).DefaultIfEmpty(double.NaN).Average();
        var lines = new List<string>
        {
            $"`{experiment.Run.Name}`: {experiment.Model.Name}, {experiment.Run.Clients} clients, {experiment.Run.Rounds} rounds per run (means over rounds 2..{experiment.Run.Rounds}), {Environment.ProcessorCount} cores.",
            "",
            "| suite | repeat | round (s) | train (s) | seal+publish (ms) | download+open (ms) | client seal (ms) | upload (ms) | open+check (ms) | round / none |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in results)
            lines.Add(string.Create(c,
                $"| {r.Suite} | {r.Repeat} | {r.RoundMs / 1000:F2} | {r.TrainMs / 1000:F2} | {r.SealPublishMs:F1} | {r.DownloadOpenMs:F1} | {r.ClientSealMs:F1} | {r.UploadMs:F1} | {r.OpenCheckMs:F1} | {r.RoundMs / baseline:F4} |"));
        var hashes = results.Select(r => r.FinalModelSha256).Distinct().Count();
        lines.Add("");
        lines.Add(hashes == 1 ? "Every run ended with the same global model (one SHA-256 for all suites)." : $"The runs ended with {hashes} different global models.");
        return string.Join(Environment.NewLine, lines);
    }
}
