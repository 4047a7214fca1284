using System.Text.Json.Serialization;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Experiments.Config;

/// <summary>The strategy by its registry name, and its options, bound into the options record that the
/// registry names for it (<see cref="StrategyDescriptor.OptionsType"/>).</summary>
public sealed record StrategySection
{
    /// <summary>fedavg, fedavgm, fedprox, fedadagrad, fedadam, fedyogi, scaffold or fednova.</summary>
    public string Name { get; init; } = "fedavg";

    /// <summary>The strategy's options record, every option written out in the run's config.json.</summary>
    [JsonConverter(typeof(RuntimeTypeConverter<FitOptions>))]
    public FitOptions Options { get; init; } = new FedAvgOptions();
}
