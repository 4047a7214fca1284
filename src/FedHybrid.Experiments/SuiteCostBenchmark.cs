using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments;

/// <summary>
/// What a crypto suite costs a whole federated round: the same experiment run once per suite, the
/// suites alternating within each repeat so that drift in machine load falls on all of them alike.
/// Round 1 of every run pays for process start and JIT, so it is left out of the means when a run
/// has more than one round.
/// </summary>
public static class SuiteCostBenchmark
{
    public static async Task<IReadOnlyList<SuiteCost>> RunAsync(
        ExperimentConfig config, IReadOnlyList<string> suites, int repeats, SimulationOptions options,
        Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(suites);
        if (suites.Count == 0) throw new ArgumentException("name at least one suite", nameof(suites));
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), "repeats must be at least 1");
        var results = new List<SuiteCost>();
        for (int repeat = 1; repeat <= repeats; repeat++)
        {
            foreach (var suite in suites)
            {
                var run = config with
                {
                    Run = config.Run with { Name = $"{config.Run.Name}-bench-{suite}-{repeat}" },
                    Crypto = config.Crypto with { Suite = suite },
                };
                ExperimentConfigLoader.Validate(run);
                log($"repeat {repeat}/{repeats}: suite {suite}");
                var runner = new SimulationRunner(run, options);
                var summary = await runner.RunAsync(cancellationToken);
                results.Add(SuiteCost.From(suite, repeat, runner.Rounds, summary.FinalModelSha256));
            }
        }
        return results;
    }
}
