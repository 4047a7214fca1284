using FedHybrid.Aggregation.Binding;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>A strategy's options are unknown, of the wrong type or out of range; <see cref="Errors"/>
/// lists every problem found, not only the first.</summary>
public sealed class StrategyOptionsException(string strategy, IReadOnlyList<OptionError> errors)
    : Exception($"options of strategy '{strategy}': {string.Join("; ", errors)}")
{
    public string Strategy { get; } = strategy;

    public IReadOnlyList<OptionError> Errors { get; } = errors;
}
