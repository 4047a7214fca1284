using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedAvgM's options: the server learning rate eta and the server momentum beta
/// (Hsu et al. use beta = 0.9 with eta = 1; the effective step is eta / (1 - beta)).</summary>
public sealed record FedAvgMOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double ServerLearningRate { get; init; } = 1.0;

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double ServerMomentum { get; init; } = 0.9;
}
