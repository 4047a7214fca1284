using System.Globalization;

namespace FedHybrid.Aggregation.Stages;

/// <summary>One value of a <see cref="StageConfig"/>: a boolean, an integer, a number or a string, as
/// Flower's config scalars. Getters throw <see cref="StageConfigException"/> on a value of another kind.</summary>
public readonly record struct ConfigValue
{
    readonly long _integer;
    readonly double _number;
    readonly string? _text;

    ConfigValue(ConfigValueKind kind, long integer, double number, string? text) =>
        (Kind, _integer, _number, _text) = (kind, integer, number, text);

    public ConfigValueKind Kind { get; }

    public static ConfigValue Of(bool value) => new(ConfigValueKind.Boolean, value ? 1 : 0, 0, null);

    public static ConfigValue Of(long value) => new(ConfigValueKind.Integer, value, 0, null);

    public static ConfigValue Of(double value) => new(ConfigValueKind.Number, 0, value, null);

    public static ConfigValue Of(string value) => new(ConfigValueKind.Text, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool AsBoolean() => Kind == ConfigValueKind.Boolean ? _integer != 0 : throw Wrong(ConfigValueKind.Boolean);

    public long AsInteger() => Kind == ConfigValueKind.Integer ? _integer : throw Wrong(ConfigValueKind.Integer);

    /// <summary>A number; an integer is widened.</summary>
    public double AsNumber() => Kind switch
    {
        ConfigValueKind.Number => _number,
        ConfigValueKind.Integer => _integer,
        _ => throw Wrong(ConfigValueKind.Number),
    };

    public string AsText() => Kind == ConfigValueKind.Text ? _text! : throw Wrong(ConfigValueKind.Text);

    StageConfigException Wrong(ConfigValueKind wanted) => new($"expected {wanted.ToString().ToLowerInvariant()}, got {Kind.ToString().ToLowerInvariant()} {this}");

    public override string ToString() => Kind switch
    {
        ConfigValueKind.Boolean => _integer != 0 ? "true" : "false",
        ConfigValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        _ => _text ?? "",
    };
}
