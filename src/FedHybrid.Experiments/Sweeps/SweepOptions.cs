namespace FedHybrid.Experiments.Sweeps;

/// <summary>How a sweep runs its points: the data override and client launch every run gets (as
/// <see cref="SimulationOptions"/>), the target accuracy summary.csv counts rounds to, and what to report.</summary>
public sealed record SweepOptions
{
    public string? DataDirectory { get; init; }
    public ClientLaunch? ClientLaunch { get; init; }
    /// <summary>summary.csv's rounds_to_target: the first round whose test accuracy reaches it (null: none).</summary>
    public double? TargetAccuracy { get; init; }
    public Action<string> Log { get; init; } = _ => { };
    public Action<SweepEvent> Events { get; init; } = _ => { };
}
