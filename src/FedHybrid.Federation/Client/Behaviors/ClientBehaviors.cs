using System.Globalization;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>The client behaviours by name (configs' <c>behaviors</c>, the client's <c>--behavior</c>). A behaviour that
/// takes a parameter carries it after a colon: <c>scale:10</c>, <c>backdoor:5</c>, <c>backdoor-norm:2.5</c>.</summary>
public static class ClientBehaviors
{
    // name -> (parameter: required, optional or none; factory from the parsed parameter, NaN when absent)
    static readonly Dictionary<string, (Parameter Parameter, Func<float, ClientBehavior> Create)> Factories = new(StringComparer.Ordinal)
    {
        ["honest"] = (Parameter.None, _ => new HonestBehavior()),
        ["corrupt-byte"] = (Parameter.None, _ => new CorruptByteBehavior()),
        ["replay-previous"] = (Parameter.None, _ => new ReplayPreviousBehavior()),
        ["crash-mid-round"] = (Parameter.None, _ => new CrashMidRoundBehavior()),
        ["scale"] = (Parameter.Required, k => new ScaleBehavior(k)),
        ["sign-flip"] = (Parameter.None, _ => new SignFlipBehavior()),
        ["label-flip"] = (Parameter.None, _ => new LabelFlipBehavior()),
        ["backdoor"] = (Parameter.Optional, gamma => float.IsNaN(gamma) ? new BackdoorBehavior() : new BackdoorBehavior(gamma)),
        ["backdoor-norm"] = (Parameter.Required, bound => new NormBoundedBackdoorBehavior(bound)),
    };

    enum Parameter { None, Optional, Required }

    public static IReadOnlyList<string> Names { get; } = Factories
        .Select(f => f.Value.Parameter switch { Parameter.Required => f.Key + ":N", Parameter.Optional => f.Key + "[:N]", _ => f.Key })
        .Order(StringComparer.Ordinal).ToArray();

    /// <exception cref="ArgumentException">No behaviour has this name, or its parameter is missing, unexpected or not a number.</exception>
    public static ClientBehavior Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        string key = colon < 0 ? name : name[..colon];
        string? text = colon < 0 ? null : name[(colon + 1)..];
        if (!Factories.TryGetValue(key, out var factory))
            throw new ArgumentException($"unknown behaviour '{name}' (valid: {string.Join(", ", Names)})");
        if (text is null)
            return factory.Parameter == Parameter.Required
                ? throw new ArgumentException($"behaviour '{key}' needs a number after a colon, as in '{key}:10'")
                : factory.Create(float.NaN);
        if (factory.Parameter == Parameter.None)
            throw new ArgumentException($"behaviour '{key}' takes no parameter, yet '{name}' gives one");
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || float.IsNaN(value))
            throw new ArgumentException($"behaviour '{name}': '{text}' is not a number");
        return factory.Create(value);
    }
}
