using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>The geometric median's options (RFA's smoothed Weiszfeld): nu, the smoothing that floors
/// each distance so that an update at the current estimate does not get an infinite weight; iterations,
/// the most Weiszfeld steps a round takes; tolerance, the relative change of the objective below which
/// it stops early.</summary>
public sealed record GeometricMedianOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Nu { get; init; } = 1e-6;

    [Range(1, int.MaxValue)]
    public int Iterations { get; init; } = 10;

    [Range(0.0, double.MaxValue)]
    public double Tolerance { get; init; } = 1e-6;
}
