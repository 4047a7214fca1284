using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments;

/// <summary>How to run an experiment: where runs go, data override, resume or overwrite, how to start client
/// processes (null: start none and wait for external clients), where to listen, and what to report (the log,
/// progress, and the live page if asked for).</summary>
public sealed record SimulationOptions
{
    public string RunsDirectory { get; init; } = "runs";
    public string? DataDirectory { get; init; }
    public bool Resume { get; init; }
    /// <summary>Replace a run folder that already holds a run (without it, such a folder is refused).</summary>
    public bool Overwrite { get; init; }
    public ClientLaunch? ClientLaunch { get; init; }
    public CoordinatorHostOptions Host { get; init; } = new();
    /// <summary>Where to answer grpc.health.v1 in cleartext while the coordinator listens (null: nowhere):
    /// for probes that cannot present a lab certificate, such as Kubernetes' gRPC probe.</summary>
    public System.Net.IPEndPoint? HealthListen { get; init; }
    public Action<string> Log { get; init; } = _ => { };
    public IProgress<RunProgress>? Progress { get; init; }
    /// <summary>Where to serve the live page (<see cref="Live.LivePageHost"/>); null: no page.</summary>
    public System.Net.IPEndPoint? LivePage { get; init; }
    /// <summary>Lab deployments: use these keys and admitted clients instead of generating them.</summary>
    public ProvisionedKeys? ProvisionedKeys { get; init; }
    /// <summary>Puts something between the clients this run launches and the coordinator (an attack's proxy): given the
    /// coordinator's address once it listens, returns the address those clients connect to instead. Null: they connect
    /// directly. The caller owns whatever it starts.</summary>
    public Func<Uri, CancellationToken, Task<Uri>>? ClientRoute { get; init; }
}
