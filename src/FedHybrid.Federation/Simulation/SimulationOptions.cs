using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Federation.Simulation;

/// <summary>How to run an experiment: where runs go, data override, resume, how to start client
/// processes (null: start none and wait for external clients), where to listen, and what to report.</summary>
public sealed record SimulationOptions
{
    public string RunsDirectory { get; init; } = "runs";
    public string? DataDirectory { get; init; }
    public bool Resume { get; init; }
    public ClientLaunch? ClientLaunch { get; init; }
    public CoordinatorHostOptions Host { get; init; } = new();
    public Action<string> Log { get; init; } = _ => { };
    public IProgress<RunProgress>? Progress { get; init; }
    /// <summary>Lab deployments: use these keys and admitted clients instead of generating them.</summary>
    public ProvisionedKeys? ProvisionedKeys { get; init; }
}
