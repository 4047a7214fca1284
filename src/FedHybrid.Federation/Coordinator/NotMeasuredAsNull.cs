using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// Writes a double that is not a finite number (a metric not measured in a round, such as the test
/// accuracy of a round without evaluation) as JSON <c>null</c>, and reads <c>null</c> back as NaN.
/// CSV writes the same values as an empty field (<see cref="CsvTable"/>), so summary.json, the
/// checkpoint and the CSV tables agree, and no value can make a writer throw.
/// </summary>
public sealed class NotMeasuredAsNull : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
