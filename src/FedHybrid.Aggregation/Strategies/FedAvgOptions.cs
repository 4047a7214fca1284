using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedAvg's options: the shared selection and quorum settings, and a server learning rate
/// on the averaged delta (1: plain FedAvg).</summary>
public sealed record FedAvgOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double ServerLearningRate { get; init; } = 1.0;
}
