using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using FedHybrid.Aggregation.Binding;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Binds, validates and describes strategy options records through <see cref="StrictBinder"/>, the
/// binder the experiment config uses for <c>strategy.options</c>. A new hyperparameter is one property
/// with its DataAnnotations rule, and nothing here or in the config loader changes.
/// </summary>
public static class StrategyOptions
{
    /// <summary>Every rule that <paramref name="options"/> breaks, by JSON name, in declaration order.</summary>
    public static IReadOnlyList<OptionError> Validate(object options) => StrictBinder.Validate(options);

    /// <summary>Each option of <paramref name="options"/>: its JSON name, its value there (the default, for a
    /// fresh record) and what is allowed, as docs/strategies.md lists them.</summary>
    public static IReadOnlyList<OptionDescription> Describe(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StrictBinder.Json.GetTypeInfo(options.GetType()).Properties
            .Where(p => p.AttributeProvider is PropertyInfo)
            .Select(p =>
            {
                var info = (PropertyInfo)p.AttributeProvider!;
                var rules = info.GetCustomAttributes<ValidationAttribute>(inherit: true).Select(r => StrictBinder.Allowed(r, p.Name));
                return new OptionDescription(p.Name, StrictBinder.Show(info.GetValue(options)), string.Join(" and ", rules), info.DeclaringType != options.GetType());
            })
            .ToArray();
    }

    /// <summary>Throws <see cref="StrategyOptionsException"/> listing every broken rule.</summary>
    public static void ThrowIfInvalid(string strategy, object options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
            throw new StrategyOptionsException(strategy, errors);
    }

    /// <summary>
    /// Binds <paramref name="json"/> (an object, or null/undefined for all defaults) into a record of
    /// <paramref name="type"/> and validates it. Every unknown or duplicate member, every value of the
    /// wrong type and every broken rule is reported at once in one <see cref="StrategyOptionsException"/>.
    /// </summary>
    public static object Bind(string strategy, Type type, JsonElement json)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            var defaults = Activator.CreateInstance(type)!;
            ThrowIfInvalid(strategy, defaults);
            return defaults;
        }
        if (json.ValueKind != JsonValueKind.Object)
            throw new StrategyOptionsException(strategy, [new OptionError("options", $"must be an object, got {json.ValueKind.ToString().ToLowerInvariant()}")]);
        var errors = new List<OptionError>();
        var options = StrictBinder.Bind(type, json, "", errors);
        if (errors.Count > 0)
            throw new StrategyOptionsException(strategy, errors);
        return options!;
    }

    /// <summary>The options with every value written out (for the run's config.json).</summary>
    public static string ToJson(object options) => JsonSerializer.Serialize(options, options.GetType(), StrictBinder.Json);
}
