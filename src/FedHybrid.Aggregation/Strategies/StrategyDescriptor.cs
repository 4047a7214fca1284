using System.Text.Json;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>A strategy as the registry knows it: its name, the record type its options bind into, and
/// how to make one from bound options and the run's training settings.</summary>
public sealed class StrategyDescriptor
{
    readonly Func<object, FitSettings, Strategy> _create;

    StrategyDescriptor(string name, Type optionsType, Func<object, FitSettings, Strategy> create, string? maskedSumRefusal) =>
        (Name, OptionsType, _create, MaskedSumRefusal) = (name, optionsType, create, maskedSumRefusal);

    public static StrategyDescriptor Of<TOptions>(string name, Func<TOptions, FitSettings, Strategy> create, string? maskedSumRefusal = null)
        where TOptions : class, new() =>
        new(name, typeof(TOptions), (options, settings) => create((TOptions)options, settings), maskedSumRefusal);

    public string Name { get; }

    public Type OptionsType { get; }

    /// <summary>Why the strategy cannot run on masked updates, where the coordinator only learns their sum
    /// (secure aggregation): a rule that needs each client's update, as a median or Krum's distances.
    /// Null when nothing is declared; a config loader refuses such a strategy with masking, giving this.</summary>
    public string? MaskedSumRefusal { get; }

    /// <summary>The options with every default (for the run's config.json and the docs).</summary>
    public object DefaultOptions() => Activator.CreateInstance(OptionsType)!;

    /// <summary>Binds and validates <c>strategy.options</c> strictly (<see cref="StrategyOptions.Bind"/>).</summary>
    public object BindOptions(JsonElement options) => StrategyOptions.Bind(Name, OptionsType, options);

    public Strategy Create(object options, FitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GetType() != OptionsType)
            throw new ArgumentException($"strategy '{Name}' takes {OptionsType.Name}, not {options.GetType().Name}", nameof(options));
        return _create(options, settings);
    }
}
