using System.Globalization;
using FedHybrid.Learning.Runtime;

namespace FedHybrid.Experiments;

/// <summary>The environment every client process of a simulation starts with: its share of the cores
/// for the native thread pools, workstation GC, and in a reproducible run the pinned CPU kernels.</summary>
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
        };
        if (reproducible)
            foreach (var (name, value) in CpuKernels.PinningEnvironment)
                environment[name] = value;
        return environment;
    }
}
