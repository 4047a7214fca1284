using System.Globalization;
using FedHybrid.Learning.Runtime;

namespace FedHybrid.Experiments;

/// <summary>The environment every client process of a simulation starts with: its share of the cores
/// for the native thread pools, workstation GC, no tiered compilation, and in a reproducible run the pinned CPU kernels.</summary>
public static class ClientEnvironment
{
    public static IReadOnlyDictionary<string, string> For(Schedule schedule, bool reproducible)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var threads = schedule.ThreadsPerClient.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OMP_NUM_THREADS"] = threads,
            ["MKL_NUM_THREADS"] = threads,
            ["DOTNET_gcServer"] = "0",
            // Each method compiled optimized once, at its first call: with tiering, the clients recompiled their hot
            // methods in the background through the first rounds, 11 % of all CPU time in rounds 2-3 of the quickstart
            // (perf, docs/BENCHMARKS.md). The coordinator keeps tiering: its gRPC serving gains from dynamic PGO (sealed
            // inference answered in 0.49 ms with it, 0.65 ms without).
            ["DOTNET_TieredCompilation"] = "0",
        };
        if (reproducible)
            foreach (var (name, value) in CpuKernels.PinningEnvironment)
                environment[name] = value;
        return environment;
    }
}
