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

    /// <summary>Milliseconds a client trains before it gives its training slot back (at a batch boundary) and queues
    /// again, so that more clients than slots share them round-robin: five clients on two cores finish together at
    /// 2.5 fits' time instead of in three waves of 1, 1 and 1. 0: a client holds its slot until its fit ends. Changes
    /// no result: a client's fit depends only on its seed. Virtual clients in client hosts take turns in the host's pool
    /// instead.</summary>
    [Range(0, 600_000)]
    public int TimeSliceMs { get; init; } = 250;

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
