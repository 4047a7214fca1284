using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FedHybrid.Aggregation.Binding;

/// <summary>
/// The one strict binder of hand-written JSON into records: the experiment config and every strategy's
/// options go through it. Names come from the snake_case policy (or a <see cref="JsonPropertyNameAttribute"/>,
/// as beta_1); rules are the records' own DataAnnotations attributes. Unknown, duplicate, mistyped and
/// missing required members and every broken rule are collected with their full paths, not only the first.
/// </summary>
public static class StrictBinder
{
    /// <summary>Strict: unknown and duplicate members are errors, required members required, nulls only
    /// where the type allows them; comments and trailing commas are allowed (configs are written by hand).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>The concrete type of a member declared abstract (a strategy's options), chosen from the
    /// object that holds it (its <c>name</c>); null when it cannot be known, which the caller reports.</summary>
    public delegate Type? TypeResolver(string path, JsonElement parent);

    static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { BaseMembersFirst } },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>How a hand-written file is parsed before binding: comments and trailing commas allowed.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The shared members (of a base record) come before a record's own, in written files and in
    /// error lists; within a record, declaration order.</summary>
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

    /// <summary>A member path: <paramref name="path"/>.<paramref name="name"/>, or the name alone at the root.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// Binds <paramref name="json"/> (an object) into a new <paramref name="type"/>, members not given keeping
    /// their defaults, and checks every rule. Each problem goes to <paramref name="errors"/> under its full path
    /// (<paramref name="path"/> is the object's own, "" at the root). The rules of an object with a structural
    /// problem of its own (unknown, duplicate, mistyped or missing member) are not checked: its values are not
    /// the ones written. Returns null only when <paramref name="json"/> is not an object.
    /// </summary>
    public static object? Bind(Type type, JsonElement json, string path, ICollection<OptionError> errors, TypeResolver? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(errors);
        var broken = new HashSet<string>(StringComparer.Ordinal);
        var structural = new List<OptionError>();
        var value = BindObject(type, json, path, structural, broken, resolve);
        foreach (var error in structural)
            errors.Add(error);
        if (value is not null)
            foreach (var error in Validate(value, path).Where(e => !broken.Contains(Parent(e.Name, path))))
                errors.Add(error);
        return value;
    }

    /// <summary>The path of the object that holds the member at <paramref name="name"/>.</summary>
    static string Parent(string name, string root)
    {
        int dot = name.LastIndexOf('.');
        return dot < root.Length ? root : name[..dot];
    }

    static object? BindObject(Type type, JsonElement json, string path, List<OptionError> errors, HashSet<string> broken, TypeResolver? resolve)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new OptionError(path.Length == 0 ? "(root)" : path, $"must be an object, got {Raw(json)}"));
            return null;
        }
        var info = Json.GetTypeInfo(type);
        var instance = info.CreateObject?.Invoke() ?? Activator.CreateInstance(type)!;
        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            var memberPath = Join(path, member.Name);
            if (!seen.Add(member.Name))
                Structural(errors, broken, path, memberPath, "is given more than once");
            else if (!properties.TryGetValue(member.Name, out var property))
                Structural(errors, broken, path, memberPath, $"is not an option (valid: {string.Join(", ", properties.Keys)})");
            else if (BindMember(property, member.Value, memberPath, json, errors, broken, resolve) is (true, var value))
                property.Set!(instance, value);
            else if (!Polymorphic(property.PropertyType))
                broken.Add(path);
        }
        foreach (var property in info.Properties.Where(p => !seen.Contains(p.Name)))
        {
            if (property.IsRequired)
                Structural(errors, broken, path, Join(path, property.Name), "is required");
            else if (Polymorphic(property.PropertyType) && resolve?.Invoke(Join(path, property.Name), json) is { } concrete)
                property.Set!(instance, Activator.CreateInstance(concrete));
        }
        return instance;
    }

    /// <summary>An abstract record (a strategy's options): its concrete type comes from the resolver.</summary>
    static bool Polymorphic(Type type) => type.IsClass && type.IsAbstract && type != typeof(object);

    static void Structural(List<OptionError> errors, HashSet<string> broken, string objectPath, string memberPath, string message)
    {
        errors.Add(new OptionError(memberPath, message));
        broken.Add(objectPath);
    }

    /// <summary>(true, value) when the member bound; (false, _) when it did not (the error is reported) or its
    /// concrete type cannot be known (the resolver's caller reports why).</summary>
    static (bool, object?) BindMember(JsonPropertyInfo property, JsonElement json, string path, JsonElement parent, List<OptionError> errors, HashSet<string> broken, TypeResolver? resolve)
    {
        var declared = property.PropertyType;
        if (Polymorphic(declared))
        {
            if (resolve?.Invoke(path, parent) is not { } concrete)
                return (false, null);
            var bound = BindObject(concrete, json, path, errors, broken, resolve);
            return (bound is not null, bound);
        }
        if (Json.GetTypeInfo(declared).Kind == JsonTypeInfoKind.Object)
        {
            // A section that may be absent (privacy.adaptive_clipping) is written as null.
            if (json.ValueKind == JsonValueKind.Null && property.IsSetNullable)
                return (true, null);
            var bound = BindObject(declared, json, path, errors, broken, resolve);
            return (bound is not null, bound);
        }
        object? value;
        try
        {
            value = json.Deserialize(declared, Json);
        }
        catch (JsonException)
        {
            errors.Add(new OptionError(path, $"must be {TypeName(declared)}, got {Raw(json)}"));
            return (false, null);
        }
        // A literal beyond the range of a double (1e400) reads as infinity, which no option means.
        if (value is double d && !double.IsFinite(d) || value is float f && !float.IsFinite(f))
        {
            errors.Add(new OptionError(path, $"must be {TypeName(declared)}, got {Raw(json)}"));
            return (false, null);
        }
        if (value is null && !property.IsSetNullable)
        {
            errors.Add(new OptionError(path, $"must be {TypeName(declared)}, got null"));
            return (false, null);
        }
        return (true, value);
    }

    /// <summary>Every rule that <paramref name="value"/> (and each record it holds) breaks, by full path, in
    /// the order the members are written.</summary>
    public static IReadOnlyList<OptionError> Validate(object value, string path = "")
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<OptionError>();
        Validate(value, path, errors);
        return errors;
    }

    static void Validate(object value, string path, List<OptionError> errors)
    {
        foreach (var property in Json.GetTypeInfo(value.GetType()).Properties)
        {
            if (property.AttributeProvider is not PropertyInfo info)
                continue;
            object? member = info.GetValue(value);
            var memberPath = Join(path, property.Name);
            foreach (var rule in info.GetCustomAttributes<ValidationAttribute>(inherit: true))
                if (!rule.IsValid(member))
                    errors.Add(new OptionError(memberPath, $"must be {Allowed(rule, property.Name)}, got {Show(member)}"));
            if (member is not null && Json.GetTypeInfo(member.GetType()).Kind == JsonTypeInfoKind.Object)
                Validate(member, memberPath, errors);
        }
    }

    /// <summary>What a rule allows, as it follows "must be": in [0, 1), &gt; 0, representable as a float32.</summary>
    public static string Allowed(ValidationAttribute rule, string name) => rule switch
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

    /// <summary>A value as a config would write it (invariant culture, doubles round-tripping).</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Raw(JsonElement json)
    {
        var text = json.ValueKind == JsonValueKind.Undefined ? "nothing" : json.GetRawText();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
    }

    static string TypeName(Type type) =>
        type.IsEnum ? $"one of {string.Join(", ", EnumNames(type).Select(n => JsonSerializer.Serialize(n)))}"
        : Nullable.GetUnderlyingType(type) is { } inner ? $"{TypeName(inner)} or null"
        : ScalarName(type);

    /// <summary>An enum's names as configs write them (its <see cref="JsonStringEnumMemberNameAttribute"/>s).</summary>
    static IEnumerable<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    static string ScalarName(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => "an integer in [-2147483648, 2147483647]",
        TypeCode.Int64 => "an integer in [-9223372036854775808, 9223372036854775807]",
        TypeCode.Double => "a finite number",
        TypeCode.Single => "a number within the range of a float32",
        TypeCode.Boolean => "true or false",
        TypeCode.String => "a string",
        _ when type.IsGenericType && type.GetGenericArguments() is [var key, var item] && key == typeof(string) =>
            $"an object of names to {(item == typeof(string) ? "strings" : item.Name)}",
        _ => type.Name,
    };
}
