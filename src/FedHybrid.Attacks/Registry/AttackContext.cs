using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>What an attack runs on: the config (its run name is the attack folder's), the attack folder (empty when
/// the attack starts; images go here), how to run simulations (their runs go under <see cref="RunsDirectory"/>),
/// the data directory for a config whose data is "auto", and where to say what it is doing.</summary>
public sealed record AttackContext(ExperimentConfig Config, string Folder, SimulationOptions Simulation, Action<string> Log)
{
    /// <summary>Where the simulations an attack runs write their run folders: inside the attack folder.</summary>
    public string RunsDirectory => System.IO.Path.Combine(Folder, "runs");

    /// <summary>The simulation options with the runs directory inside the attack folder.</summary>
    public SimulationOptions SimulationInFolder => Simulation with { RunsDirectory = RunsDirectory, Log = Log };

    /// <summary>The path of a file the attack writes into its folder.</summary>
    public string FileInFolder(string name) => System.IO.Path.Combine(Folder, name);
}
