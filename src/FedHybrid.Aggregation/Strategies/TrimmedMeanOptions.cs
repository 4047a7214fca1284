using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>The trimmed mean's options: beta, the fraction of the values cut from each end of every
/// coordinate (floor(beta * n) of the n values at each end). It must exceed the fraction of hostile
/// clients the run assumes; 0 is the unweighted mean.</summary>
public sealed record TrimmedMeanOptions : FitOptions
{
    [Range(0.0, 0.5, MaximumIsExclusive = true)]
    public double Beta { get; init; } = 0.1;
}
