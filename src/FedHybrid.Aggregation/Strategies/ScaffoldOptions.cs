using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>SCAFFOLD's options: the global step size eta_g on the mean delta (Karimireddy et al.
/// use 1). The local step size is the run's learning rate.</summary>
public sealed record ScaffoldOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double ServerLearningRate { get; init; } = 1.0;
}
