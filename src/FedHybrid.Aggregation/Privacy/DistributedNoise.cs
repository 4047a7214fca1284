namespace FedHybrid.Aggregation.Privacy;

/// <summary>The integer noise each client adds in distributed DP.</summary>
public enum DistributedNoise
{
    /// <summary>Distributed discrete Gaussian (Kairouz, Liu, Steinke, ICML 2021).</summary>
    DiscreteGaussian,

    /// <summary>Skellam (Agarwal, Kairouz, Liu, NeurIPS 2021).</summary>
    Skellam,
}
