using BenchmarkDotNet.Running;

namespace FedHybrid.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/FedHybrid.Benchmarks -- --filter '*Seal*'` runs
/// BenchmarkDotNet classes; a first argument naming a measuring routine runs that routine instead.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
