using System.Text.Json;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>Binds <c>attack.options</c> with the config's own strict binder, so errors name the full path.</summary>
public static class AttackOptions
{
    public const string Path = "attack.options";

    /// <exception cref="ConfigException">Every problem at once, each under attack.options.NAME.</exception>
    public static TOptions Bind<TOptions>(JsonElement? json) where TOptions : class, new()
    {
        if (json is not { ValueKind: JsonValueKind.Object } given)
        {
            if (json is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } wrong)
                throw new ConfigException(Path, $"must be an object, got {wrong.ValueKind.ToString().ToLowerInvariant()}");
            var defaults = new TOptions();
            if (StrictBinder.Validate(defaults, Path) is { Count: > 0 } broken)
                throw new ConfigException(broken);
            return defaults;
        }
        var errors = new List<OptionError>();
        var bound = (TOptions?)StrictBinder.Bind(typeof(TOptions), given, Path, errors);
        if (errors.Count > 0 || bound is null)
            throw new ConfigException(errors.Count > 0 ? errors : [new OptionError(Path, "could not be bound")]);
        return bound;
    }
}
