using System.CommandLine;
using FedHybrid.Experiments.Config;
using Spectre.Console;

namespace FedHybrid.Cli.Commands;

/// <summary>How long work reports itself: a progress bar with an ETA on a terminal, plain lines when
/// the output is redirected, one JSON object per event (--json), or only the result (--quiet).</summary>
public enum OutputMode
{
    Bar,
    Lines,
    Json,
    Quiet,
}

internal static class OutputModes
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object per event (log, progress, round, result, error) on its own line" };

    public static Option<bool> QuietOption() => new("--quiet") { Description = "Print only the result (and errors)" };

    /// <exception cref="ConfigException">Both were given.</exception>
    public static OutputMode From(bool json, bool quiet)
    {
        if (json && quiet)
            throw new ConfigException("--quiet", "cannot be combined with --json (give one)");
        return json ? OutputMode.Json : quiet ? OutputMode.Quiet
            : !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? OutputMode.Bar : OutputMode.Lines;
    }
}
