using System.ComponentModel.DataAnnotations;
using FedHybrid.Aggregation.Binding;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedProx's options: the proximal coefficient mu that each client adds to its local loss as
/// mu/2 * ||w - w_global||^2 (Li et al. tune it over 0.001 to 1; 0 is FedAvg).</summary>
public sealed record FedProxOptions : FitOptions
{
    [Range(0.0, double.MaxValue)]
    [Float32]
    public double ProximalMu { get; init; } = 0.01;
}
