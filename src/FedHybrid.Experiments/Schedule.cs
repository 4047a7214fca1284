using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments;

/// <summary>How clients share the machine: at most <see cref="ConcurrentClients"/> train at once (the
/// rest wait for a training slot), each with <see cref="ThreadsPerClient"/> threads, taking turns of
/// <see cref="TimeSlice"/> (zero: a whole fit).</summary>
public sealed record Schedule(int Cores, int Clients, int ConcurrentClients, int ThreadsPerClient, TimeSpan TimeSlice)
{
    public static Schedule For(ExperimentConfig config, int cores)
    {
        ArgumentNullException.ThrowIfNull(config);
        int clients = config.Run.Clients;
        int concurrent = config.Schedule.ConcurrentClients > 0 ? config.Schedule.ConcurrentClients : Math.Max(1, Math.Min(clients, cores));
        int threads = config.Schedule.ThreadsPerClient > 0 ? config.Schedule.ThreadsPerClient : Math.Max(1, cores / concurrent);
        return new Schedule(cores, clients, concurrent, threads, TimeSpan.FromMilliseconds(config.Schedule.TimeSliceMs));
    }

    public override string ToString() =>
        $"{Clients} clients on {Cores} cores: {ConcurrentClients} train at a time with {ThreadsPerClient} thread(s) each"
        + (Clients <= ConcurrentClients ? ""
            : TimeSlice > TimeSpan.Zero ? $", the others wait for a training slot; turns of {TimeSlice.TotalMilliseconds:0} ms"
            : ", the others wait for a training slot");
}
