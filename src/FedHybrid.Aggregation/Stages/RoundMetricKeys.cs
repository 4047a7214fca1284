namespace FedHybrid.Aggregation.Stages;

/// <summary>The keys of a strategy's own figures that metrics.csv has a column for: a strategy puts them
/// in <see cref="RoundResult.Metrics"/>, a client puts <see cref="ValuesClipped"/> in its reply's metrics
/// (clients.csv), and the engine copies them. Any other key is the strategy's business.</summary>
public static class RoundMetricKeys
{
    /// <summary>Update values that lay outside the clipping range and were clipped (integer).</summary>
    public const string ValuesClipped = "values_clipped";

    /// <summary>Epsilon spent so far at the run's delta, by the Rényi-DP accountant.</summary>
    public const string EpsilonRdp = "epsilon_rdp";

    /// <summary>Epsilon spent so far at the run's delta, by the privacy-loss-distribution accountant.</summary>
    public const string EpsilonPld = "epsilon_pld";
}
