using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedHybrid.Attacks.Registry;

/// <summary>How attack.json is written: snake_case, indented, enums by name, and an unreached or unbounded figure
/// (NaN, +infinity: PSNR of an exact reconstruction) as the strings "NaN" and "Infinity" rather than a failure.</summary>
public static class AttackJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);
}
