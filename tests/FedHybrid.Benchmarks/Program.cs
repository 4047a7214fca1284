using BenchmarkDotNet.Running;
using FedHybrid.Benchmarks.Benchmarks;

namespace FedHybrid.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/FedHybrid.Benchmarks -- --filter "*Seal*"` runs
/// BenchmarkDotNet classes; a first argument naming a measuring routine runs that routine instead.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "training")
        {
            Environment.Exit(TrainingThroughput.Run(args[1..]));
        }
        if (args.Length > 0 && args[0] == "evaluation")
        {
            Environment.Exit(EvaluationThroughput.Run(args[1..]));
        }
        if (args.Length > 0 && args[0] == "pld-ledger")
        {
            Environment.Exit(PrivacyLedgerTiming.Run(args[1..]));
        }
        if (args.Length > 0 && args[0] == "learner-build")
        {
            Environment.Exit(LearnerBuildTiming.Run(args[1..]));
        }
        if (args.Length > 0 && args[0] == "fold-real-delta")
        {
            Environment.Exit(RealDeltaFoldTiming.Run(args[1..]));
        }
        if (args.Length > 0 && args[0] == "envelope-vs-openssl")
        {
            Environment.Exit(EnvelopeVersusOpenSsl.Run(args[1..]));
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
