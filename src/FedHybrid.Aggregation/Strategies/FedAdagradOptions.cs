using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedAdagrad's options (Reddi et al. 2021): server learning rate eta, first-moment decay
/// beta_1 (0: plain Adagrad, as Flower sets it; Algorithm 2 allows momentum) and the adaptivity tau.
/// Defaults are Flower's.</summary>
public sealed record FedAdagradOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Eta { get; init; } = 0.1;

    [JsonPropertyName("beta_1")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Beta1 { get; init; }

    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Tau { get; init; } = 1e-3;
}
