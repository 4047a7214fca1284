using System.Diagnostics;
using System.Globalization;
using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// What central DP's per-round epsilon report costs: for T = 1..rounds, the time of
/// <see cref="RoundPrivacyLedger.EpsilonAfter"/> on one ledger (what a run does, one new T a round) against a
/// fresh <see cref="RdpAccountant"/> and <see cref="PldAccountant"/> composing T steps from scratch, and that the
/// figures agree to the bit. Usage: pld-ledger [--q 0.5] [--sigma 1.0] [--rounds 50] [--delta 1e-5]
/// [--discretization 1e-4] [--scratch true].
/// </summary>
public static class PrivacyLedgerTiming
{
    public static int Run(string[] args)
    {
        double q = Number(args, "--q", 0.5), sigma = Number(args, "--sigma", 1.0), delta = Number(args, "--delta", 1e-5);
        double grid = Number(args, "--discretization", PldAccountant.DefaultDiscretization);
        int rounds = (int)Number(args, "--rounds", 50);
        bool scratch = Arg(args, "--scratch", "true") == "true";
        Console.WriteLine($"q {q}, sigma {sigma}, delta {delta}, PLD grid {grid}, {rounds} rounds; ms per round's report");
        var clock = Stopwatch.StartNew();
        var ledger = new RoundPrivacyLedger(q, sigma, delta, grid);
        double setup = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"ledger set-up (one-step RDP and both discretized PLDs): {setup:F0} ms");
        Console.WriteLine("| T | eps RDP | eps PLD | ledger ms | from scratch ms | same bits |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        double ledgerTotal = setup, scratchTotal = 0;
        int mismatches = 0;
        for (int t = 1; t <= rounds; t++)
        {
            clock.Restart();
            var (rdp, pld) = ledger.EpsilonAfter(t);
            double ledgerMs = clock.Elapsed.TotalMilliseconds;
            ledgerTotal += ledgerMs;
            string scratchMs = "", same = "";
            if (scratch)
            {
                clock.Restart();
                double freshRdp = new RdpAccountant().ComposePoissonGaussian(q, sigma, t).Epsilon(delta).Epsilon;
                double freshPld = new PldAccountant(grid).ComposePoissonGaussian(q, sigma, t).Epsilon(delta).Epsilon;
                double ms = clock.Elapsed.TotalMilliseconds;
                scratchTotal += ms;
                scratchMs = ms.ToString("F0", CultureInfo.InvariantCulture);
                bool equal = freshRdp == rdp && freshPld == pld;
                if (!equal) mismatches++;
                same = equal ? "yes" : "NO";
            }
            Console.WriteLine($"| {t} | {rdp:F4} | {pld:F4} | {ledgerMs:F0} | {scratchMs} | {same} |");
        }
        Console.WriteLine($"total: ledger {ledgerTotal / 1000:F1} s{(scratch ? $", from scratch {scratchTotal / 1000:F1} s" : "")}");
        return mismatches == 0 ? 0 : 1;
    }

    static double Number(string[] args, string name, double fallback) =>
        double.Parse(Arg(args, name, fallback.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
