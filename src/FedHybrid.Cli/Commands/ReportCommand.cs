using System.CommandLine;
using FedHybrid.Experiments.Reports;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid report RUN...`: figures (PNG and SVG) and an HTML page comparing run folders.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<DirectoryInfo[]>("RUN") { Description = "Run folders (RUNS/NAME, or a sweep's RUNS/SWEEP/POINT)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the figures and index.html", DefaultValueFactory = _ => new DirectoryInfo("report") };
        var command = new Command("report", "Figures of run folders overlaid (accuracy, loss, bytes, epsilon; per run: phase times, client participation) as PNG and SVG, and index.html beside the runs' configs with their differences highlighted.");
        command.Arguments.Add(runs);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            try
            {
                var written = RunReport.Write(result.GetValue(runs)!.Select(d => d.FullName).ToArray(), result.GetValue(output)!.FullName);
                Console.WriteLine($"{written.Count - 1} figure files and {written[^1]}");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
