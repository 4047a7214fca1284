namespace FedHybrid.Aggregation;

/// <summary>
/// Federated averaging (McMahan et al. 2017): sample a fraction of the clients, and move the global
/// model by the average of their deltas weighted by sample count. Updates are combined in client-id
/// order so the result does not depend on the order they arrived in.
/// </summary>
public class FedAvg : Strategy
{
    readonly Func<int, float[], EvaluationSummary?>? _evaluate;

    public FedAvg(FedAvgOptions options, Func<int, float[], EvaluationSummary?>? evaluate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClientSelector.SampleSize(1, options.FractionFit, options.MinFitClients); // validates
        if (!(options.ServerLearningRate > 0) || double.IsInfinity(options.ServerLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.ServerLearningRate, "server learning rate must be positive");
        Options = options;
        _evaluate = evaluate;
    }

    public FedAvgOptions Options { get; }

    public override string Name => "fedavg";

    public override FitPlan ConfigureFit(int round, IReadOnlyList<string> clients) =>
        new(ClientSelector.Select(clients, Options.FractionFit, Options.MinFitClients, Options.Seed, round));

    public override float[] AggregateFit(int round, ReadOnlySpan<float> global, IReadOnlyList<FitResult> results)
    {
        if (results.Count == 0)
            throw new ArgumentException("FedAvg needs at least one update", nameof(results));
        var ordered = results.OrderBy(r => r.ClientId, StringComparer.Ordinal).ToArray();
        for (int i = 1; i < ordered.Length; i++)
            if (ordered[i].ClientId == ordered[i - 1].ClientId)
                throw new ArgumentException($"two updates from client '{ordered[i].ClientId}'", nameof(results));
        foreach (var r in ordered)
            if (r.Delta.Length != global.Length)
                throw new ArgumentException($"update of '{r.ClientId}' has {r.Delta.Length} parameters, the model {global.Length}", nameof(results));
        var mean = VectorMath.WeightedAverage(ordered.Select(r => r.Delta).ToArray(), ordered.Select(r => r.SampleCount).ToArray());
        if (Options.ServerLearningRate != 1.0)
            for (int j = 0; j < mean.Length; j++)
                mean[j] = (float)(mean[j] * Options.ServerLearningRate);
        return VectorMath.Add(global, mean);
    }

    /// <summary>Fraction of clients asked to evaluate the new global model on their own data (0 = none).</summary>
    public double FractionEvaluate { get; init; }

    public override EvaluatePlan ConfigureEvaluate(int round, IReadOnlyList<string> clients) =>
        FractionEvaluate <= 0 || clients.Count == 0
            ? EvaluatePlan.None
            : new EvaluatePlan(ClientSelector.Select(clients, FractionEvaluate, 1, unchecked(Options.Seed + 1), round));

    public override EvaluationSummary? Evaluate(int round, float[] parameters) => _evaluate?.Invoke(round, parameters);
}
