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
}
