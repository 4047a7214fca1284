using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>FedYogi's options (Reddi et al. 2021): server learning rate eta, moment decays beta_1 and
/// beta_2, adaptivity tau. Defaults are Flower's (the paper tunes eta and tau per task).</summary>
public sealed record FedYogiOptions : FitOptions
{
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Eta { get; init; } = 0.01;

    [JsonPropertyName("beta_1")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Beta1 { get; init; } = 0.9;

    [JsonPropertyName("beta_2")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Beta2 { get; init; } = 0.99;

    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Tau { get; init; } = 1e-3;
}
