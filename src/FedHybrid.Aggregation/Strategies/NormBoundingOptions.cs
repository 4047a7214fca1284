using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>Norm bounding's options: M, the largest L2 norm a client's delta may have (a longer one is
/// scaled down to it). Pick it near the honest deltas' norm (a few rounds of plain FedAvg show it):
/// too high bounds nothing, too low slows honest training.</summary>
public sealed record NormBoundingOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double NormBound { get; init; } = 1.0;
}
