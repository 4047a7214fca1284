using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Binds and validates strategy options records. JSON names come from the serializer's snake_case
/// policy (or a <see cref="JsonPropertyNameAttribute"/> where the policy would not give the name the
/// papers use, as beta_1); the rules are the records' own DataAnnotations attributes. So a new
/// hyperparameter is one property with its attribute, and nothing here changes.
/// </summary>
public static class StrategyOptions
{
    /// <summary>Strict: unknown, duplicate or mistyped members are errors; comments and trailing commas
    /// are allowed (the experiment config is written by hand).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { BaseMembersFirst } },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The shared options (of the base record) come before a strategy's own, in the config and
    /// in error lists; within a record, declaration order.</summary>
    static void BaseMembersFirst(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        var ordered = info.Properties
            .Select((property, index) => (property, index, depth: Depth((property.AttributeProvider as MemberInfo)?.DeclaringType)))
            .OrderBy(p => p.depth).ThenBy(p => p.index).Select(p => p.property).ToArray();
        info.Properties.Clear();
        foreach (var property in ordered)
            info.Properties.Add(property);
    }

    static int Depth(Type? type)
    {
        int depth = 0;
        for (; type?.BaseType is not null; type = type.BaseType)
            depth++;
        return depth;
    }

    /// <summary>Every rule that <paramref name="options"/> breaks, by JSON name, in declaration order.</summary>
    public static IReadOnlyList<OptionError> Validate(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<OptionError>();
        foreach (var property in Json.GetTypeInfo(options.GetType()).Properties)
        {
            if (property.AttributeProvider is not PropertyInfo info)
                continue;
            object? value = info.GetValue(options);
            foreach (var rule in info.GetCustomAttributes<ValidationAttribute>(inherit: true))
                if (!rule.IsValid(value))
                    errors.Add(new OptionError(property.Name, $"must be {Allowed(rule, property.Name)}, got {Show(value)}"));
        }
        return errors;
    }

    /// <summary>Each option of <paramref name="options"/>: its JSON name, its value there (the default, for a
    /// fresh record) and what is allowed, as docs/strategies.md lists them.</summary>
    public static IReadOnlyList<OptionDescription> Describe(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Json.GetTypeInfo(options.GetType()).Properties
            .Where(p => p.AttributeProvider is PropertyInfo)
            .Select(p =>
            {
                var info = (PropertyInfo)p.AttributeProvider!;
                var rules = info.GetCustomAttributes<ValidationAttribute>(inherit: true).Select(r => Allowed(r, p.Name));
                return new OptionDescription(p.Name, Show(info.GetValue(options)), string.Join(" and ", rules), info.DeclaringType != options.GetType());
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
            return Validated(strategy, Activator.CreateInstance(type)!);
        if (json.ValueKind != JsonValueKind.Object)
            throw new StrategyOptionsException(strategy, [new OptionError("options", $"must be an object, got {json.ValueKind.ToString().ToLowerInvariant()}")]);
        var properties = Json.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var errors = new List<OptionError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            if (!seen.Add(member.Name))
                errors.Add(new OptionError(member.Name, "is given more than once"));
            else if (!properties.TryGetValue(member.Name, out var property))
                errors.Add(new OptionError(member.Name, $"is not an option (valid: {string.Join(", ", properties.Keys)})"));
            else
                try
                {
                    member.Value.Deserialize(property.PropertyType, Json);
                }
                catch (JsonException)
                {
                    errors.Add(new OptionError(member.Name, $"must be {TypeName(property.PropertyType)}, got {member.Value.GetRawText()}"));
                }
        }
        if (errors.Count > 0)
            throw new StrategyOptionsException(strategy, errors);
        return Validated(strategy, json.Deserialize(type, Json)!);
    }

    /// <summary>The options with every value written out (for the run's config.json).</summary>
    public static string ToJson(object options) => JsonSerializer.Serialize(options, options.GetType(), Json);

    static object Validated(string strategy, object options)
    {
        ThrowIfInvalid(strategy, options);
        return options;
    }

    static string Allowed(ValidationAttribute rule, string name) => rule switch
    {
        RangeAttribute range when Unbounded(range.Maximum) =>
            $"{(range.MinimumIsExclusive ? ">" : ">=")} {Show(range.Minimum)}",
        RangeAttribute range =>
            $"in {(range.MinimumIsExclusive ? "(" : "[")}{Show(range.Minimum)}, {Show(range.Maximum)}{(range.MaximumIsExclusive ? ")" : "]")}",
        _ => rule.FormatErrorMessage(name),
    };

    static bool Unbounded(object maximum) => maximum switch
    {
        int i => i == int.MaxValue,
        long l => l == long.MaxValue,
        double d => d >= double.MaxValue,
        _ => false,
    };

    static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string TypeName(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 or TypeCode.Int64 => "an integer",
        TypeCode.Double or TypeCode.Single => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "a string",
        _ => type.Name,
    };
}
