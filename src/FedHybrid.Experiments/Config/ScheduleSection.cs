using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Experiments.Config;

/// <summary>How the client processes share this machine (see <see cref="Schedule"/>).</summary>
public sealed record ScheduleSection
{
    /// <summary>Clients training at the same time (0 = as many as cores, at most run.clients).</summary>
    [Range(0, int.MaxValue)]
    public int ConcurrentClients { get; init; }

    /// <summary>Threads per training client (0 = cores / concurrent clients, at least 1).</summary>
    [Range(0, 1024)]
    public int ThreadsPerClient { get; init; }

    /// <summary>Up to this many clients, `simulate` starts one process a client; beyond it, it packs them into client
    /// hosts (`fedhybrid client-host`).</summary>
    [Range(1, 4096)]
    public int MaxClientProcesses { get; init; } = 32;

    /// <summary>Client host processes to pack the clients into; null: one process a client up to
    /// <see cref="MaxClientProcesses"/>, else as many hosts as cores. Which clients train, with which seeds, and the
    /// model do not depend on it.</summary>
    [Range(1, 4096)]
    public int? ClientHosts { get; init; }

    /// <summary>How many host processes the clients go into for a run of <paramref name="clients"/> on
    /// <paramref name="cores"/> cores, or null for one process a client.</summary>
    public int? HostsFor(int clients, int cores) =>
        ClientHosts is { } hosts ? Math.Min(hosts, clients)
        : clients <= MaxClientProcesses ? null
        : Math.Max(1, Math.Min(cores, MaxClientProcesses));
}
