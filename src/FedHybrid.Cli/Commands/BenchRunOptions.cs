using System.CommandLine;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Cli.Commands;

/// <summary>The options every bench that runs a config's simulation shares (`bench rounds`, `bench efficiency`):
/// which config, how many rounds, where the data and the runs are, and whether a run folder may be replaced.</summary>
sealed class BenchRunOptions
{
    readonly Option<FileInfo> config;
    readonly Option<int?> rounds = new("--rounds") { Description = "Rounds (overrides the config; round 1 is left out of the medians and means)" };
    readonly Option<DirectoryInfo?> data = new("--data") { Description = "Fashion-MNIST directory when the config's data is \"auto\"" };
    readonly Option<DirectoryInfo> runs;
    readonly Option<bool> overwrite = SimulateCommand.OverwriteOption();

    public BenchRunOptions(string configDescription, string runsDescription)
    {
        config = new Option<FileInfo>("--config") { Description = configDescription, Required = true };
        runs = new Option<DirectoryInfo>("--runs") { Description = runsDescription, DefaultValueFactory = _ => new DirectoryInfo("runs") };
    }

    public IEnumerable<Option> All => [config, rounds, data, runs, overwrite];

    /// <summary>The config with `--rounds` applied; throws <see cref="ConfigException"/> naming what is wrong.</summary>
    public ExperimentConfig Load(ParseResult parse)
    {
        var experiment = SimulateCommand.Load(parse.GetValue(config), null, parse.GetValue(runs)!, resume: false);
        if (parse.GetValue(rounds) is int r)
            experiment = experiment with { Run = experiment.Run with { Rounds = r } };
        ExperimentConfigLoader.Validate(experiment); // the override too
        return experiment;
    }

    public SimulationOptions Simulation(ParseResult parse, Action<string>? log = null) => new()
    {
        RunsDirectory = parse.GetValue(runs)!.FullName,
        DataDirectory = parse.GetValue(data)?.FullName,
        Overwrite = parse.GetValue(overwrite),
        ClientLaunch = SimulateCommand.SelfLaunch(),
        Log = log ?? (_ => { }),
    };
}
