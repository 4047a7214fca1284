using System.CommandLine;
using System.Globalization;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid bench secagg`: what secure aggregation costs a round, in process, at several dropout fractions.</summary>
public static class BenchSecAggCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "Experiment config (its secure_aggregation section, enabled or not, sets the masking)", Required = true };
        var dropouts = new Option<string>("--dropout") { Description = "Comma-separated dropout fractions", DefaultValueFactory = _ => "0,0.1,0.3" };
        var rounds = new Option<int?>("--rounds") { Description = "Rounds per run (overrides the config; round 1 is left out of the means)" };
        var scratch = new Option<DirectoryInfo?>("--scratch") { Description = "Where the runs' folders go (a fresh temporary folder when absent)" };

        var command = new Command("secagg", "Round cost of secure aggregation against the plain round: the experiment's clients in this process (own keys, shards and sealed traffic each), at each dropout fraction; prints a markdown table.");
        foreach (var option in new Option[] { config, dropouts, rounds, scratch })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ExperimentConfig experiment;
            double[] fractions;
            try
            {
                experiment = ExperimentConfigLoader.Load(parse.GetValue(config)!.FullName);
                if (parse.GetValue(rounds) is int r)
                    experiment = experiment with { Run = experiment.Run with { Rounds = r } };
                fractions = parse.GetValue(dropouts)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                if (fractions.Length == 0 || fractions.Any(f => f is < 0 or >= 1))
                    throw new FormatException("every dropout fraction must be in [0, 1)");
            }
            catch (Exception e) when (e is ConfigException or FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var folder = parse.GetValue(scratch)?.FullName ?? Path.Combine(Path.GetTempPath(), "fedhybrid-bench-secagg-" + Guid.NewGuid().ToString("n")[..8]);
            try
            {
                var results = await SecureAggregationCostBenchmark.RunAsync(experiment, fractions, folder, m => Console.Error.WriteLine(m), cancellationToken);
                Console.WriteLine(FormatTable(experiment, results));
                return 0;
            }
            catch (Exception e) when (e is ConfigException or IOException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static string FormatTable(ExperimentConfig config, IReadOnlyList<SecureAggregationCost> results)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"`{config.Run.Name}`: {config.Run.Clients} clients of `{config.Model.Name}`, suite `{config.Crypto.Suite}`, in one process, {Environment.ProcessorCount} cores; means per round over rounds 2..{config.Run.Rounds}.",
            "",
            "| dropout | variant | graph | clients | client ms | of which advertise/share/unmask | coordinator ms | bytes up / client | x plain | bytes down / client | rounds aggregated | final accuracy |",
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in results)
        {
            var plain = results.First(p => p.Dropout == r.Dropout && p.Variant == "plain");
            lines.Add(string.Create(c, $"| {r.Dropout:P0} | {r.Variant} | {r.Neighbours ?? "-"} | {r.Participants} | {r.ClientMs:F1} | {r.ClientProtocolMs:F1} | {r.CoordinatorMs:F1} | {r.BytesUpPerClient:N0} | {r.BytesUpPerClient / plain.BytesUpPerClient:F3} | {r.BytesDownPerClient:N0} | {r.RoundsAggregated} | {r.FinalAccuracy:P2} |"));
        }
        return string.Join('\n', lines);
    }
}
