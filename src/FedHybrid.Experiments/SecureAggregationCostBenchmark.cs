using FedHybrid.Aggregation;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Client.Stages.SecureAggregation;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments;

/// <summary>
/// What secure aggregation costs a round: the same experiment in process (<see cref="InProcessSimulation"/>),
/// with and without it, at each dropout fraction. Plain clients drop out of fit; masked clients drop out of
/// masked-fit, after their key shares went out, which is the costliest case for the coordinator (each such
/// client's pairwise masks must be rebuilt from revealed shares). The dropped clients are the same in both.
/// </summary>
public static class SecureAggregationCostBenchmark
{
    static readonly HashSet<string> ProtocolStages = new([SecAggProtocol.AdvertiseKeysStage, SecAggProtocol.ShareKeysStage, SecAggProtocol.UnmaskStage], StringComparer.Ordinal);

    public static async Task<IReadOnlyList<SecureAggregationCost>> RunAsync(ExperimentConfig config, IReadOnlyList<double> dropouts,
        string scratch, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dropouts);
        var results = new List<SecureAggregationCost>();
        foreach (double dropout in dropouts)
            foreach (bool masked in new[] { false, true })
            {
                var variant = config with
                {
                    Run = config.Run with { Name = $"{config.Run.Name}-{(masked ? "secagg" : "plain")}-{dropout:0.00}" },
                    SecureAggregation = config.SecureAggregation with { Enabled = masked },
                };
                var drop = new SimulatedDropout(dropout, masked ? SecAggProtocol.MaskedFitStage : FitProtocol.FitStage, config.Run.Seed);
                log($"{variant.Run.Name}: {(masked ? "secure aggregation" : "plain")}, {dropout:P0} dropout");
                var directory = Path.Combine(scratch, variant.Run.Name);
                var (summary, rounds, clients, _) = await InProcessSimulation.RunAsync(variant, directory,
                    id => drop.Wrap(id, [new FitHandler(), new EvaluateHandler(), .. SecAggClientState.Handlers()]), log, cancellationToken).ConfigureAwait(false);
                results.Add(Measure(variant, masked, dropout, summary, rounds, clients));
            }
        return results;
    }

    static SecureAggregationCost Measure(ExperimentConfig config, bool masked, double dropout, RunSummary summary,
        IReadOnlyList<RoundMetrics> rounds, IReadOnlyList<ClientRoundRecord> clients)
    {
        var measured = rounds.Count > 1 ? rounds.Skip(1).Select(r => r.Round).ToHashSet() : rounds.Select(r => r.Round).ToHashSet();
        // The clients whose update went into the round (the dropped ones sent less, and would flatter the means).
        var perClient = clients.Where(c => measured.Contains(c.Round) && c.Status != "missing")
            .GroupBy(c => (c.Round, c.ClientId))
            .Where(g => g.Any(r => r.Status == "accepted" && r.Stage is FitProtocol.FitStage or SecAggProtocol.MaskedFitStage)).ToArray();
        static double Total(ClientRoundRecord r) => r.DownloadMs + r.OpenMs + r.WorkMs + r.SealMs;
        double Mean(Func<IGrouping<(int, string), ClientRoundRecord>, double> f) => perClient.Length == 0 ? double.NaN : perClient.Average(f);
        var coordinator = rounds.Where(r => measured.Contains(r.Round)).Select(r => r.SelectMs + r.SealPublishMs + r.OpenCheckMs + r.AggregateMs).ToArray();
        string? graph = null;
        if (masked)
        {
            int cohort = ClientSelector.SampleSize(config.Run.Clients, config.Strategy.Options.FractionFit, config.Strategy.Options.MinFitClients);
            var parameters = config.SecureAggregation.ToOptions(config.Run.Clients).GraphFor(cohort);
            graph = $"k = {parameters.Neighbours}, t = {parameters.Threshold}";
        }
        return new SecureAggregationCost(masked ? "secure aggregation" : "plain", dropout, measured.Count, perClient.Length / Math.Max(1, measured.Count),
            Mean(g => g.Sum(Total)), Mean(g => g.Where(r => ProtocolStages.Contains(r.Stage)).Sum(Total)), coordinator.DefaultIfEmpty(double.NaN).Average(),
            Mean(g => g.Sum(r => (double)r.BytesUp)), Mean(g => g.Sum(r => (double)r.BytesDown)),
            summary.FinalTestAccuracy, summary.RoundsAggregated, graph);
    }
}
