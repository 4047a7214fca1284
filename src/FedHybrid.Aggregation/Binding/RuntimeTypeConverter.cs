using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedHybrid.Aggregation.Binding;

/// <summary>Writes a member declared as an abstract type (a strategy's options) with every member of
/// its runtime type. Reading is <see cref="StrictBinder"/>'s: the concrete type comes from a sibling
/// (the strategy's name), which a converter cannot see.</summary>
public sealed class RuntimeTypeConverter<T> : JsonConverter<T> where T : class
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(T).Name} is bound by {nameof(StrictBinder)}, which knows its concrete type");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }
}
