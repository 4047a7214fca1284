namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>"--name value" options of the measuring routines that run outside BenchmarkDotNet.</summary>
internal static class RoutineArgs
{
    public static string Value(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
