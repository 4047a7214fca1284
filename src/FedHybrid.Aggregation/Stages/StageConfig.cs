using System.Collections;

namespace FedHybrid.Aggregation.Stages;

/// <summary>
/// The config map of a stage instruction or the metrics map of a stage reply: keys in ordinal order
/// (so its encoding is deterministic), immutable. Readers name the key in every error.
/// </summary>
public sealed class StageConfig : IReadOnlyDictionary<string, ConfigValue>
{
    readonly SortedDictionary<string, ConfigValue> _values;

    StageConfig(SortedDictionary<string, ConfigValue> values) => _values = values;

    public static StageConfig Empty { get; } = new(new SortedDictionary<string, ConfigValue>(StringComparer.Ordinal));

    public static StageConfig From(IEnumerable<KeyValuePair<string, ConfigValue>> values)
    {
        var map = new SortedDictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
            if (!map.TryAdd(key, value))
                throw new StageConfigException($"key '{key}' given more than once");
        return new StageConfig(map);
    }

    /// <summary>A copy with <paramref name="key"/> set (added or replaced).</summary>
    public StageConfig With(string key, ConfigValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var map = new SortedDictionary<string, ConfigValue>(_values, StringComparer.Ordinal) { [key] = value };
        return new StageConfig(map);
    }

    public StageConfig With(string key, long value) => With(key, ConfigValue.Of(value));

    public StageConfig With(string key, double value) => With(key, ConfigValue.Of(value));

    public StageConfig With(string key, string value) => With(key, ConfigValue.Of(value));

    public StageConfig With(string key, bool value) => With(key, ConfigValue.Of(value));

    /// <summary>A copy with every entry of <paramref name="other"/> set over this one's.</summary>
    public StageConfig Merge(StageConfig other)
    {
        var map = new SortedDictionary<string, ConfigValue>(_values, StringComparer.Ordinal);
        foreach (var (key, value) in other)
            map[key] = value;
        return new StageConfig(map);
    }

    public long Integer(string key) => Read(key, v => v.AsInteger());

    public double Number(string key) => Read(key, v => v.AsNumber());

    /// <summary>A number that must be finite (a client-reported loss, a learning rate).</summary>
    public double FiniteNumber(string key)
    {
        double value = Number(key);
        return double.IsFinite(value) ? value : throw new StageConfigException($"'{key}' is {value}, not a finite number");
    }

    public string Text(string key) => Read(key, v => v.AsText());

    public bool Boolean(string key) => Read(key, v => v.AsBoolean());

    public double NumberOr(string key, double fallback) => ContainsKey(key) ? Number(key) : fallback;

    public long IntegerOr(string key, long fallback) => ContainsKey(key) ? Integer(key) : fallback;

    T Read<T>(string key, Func<ConfigValue, T> read)
    {
        if (!_values.TryGetValue(key, out var value))
            throw new StageConfigException($"'{key}' is missing");
        try
        {
            return read(value);
        }
        catch (StageConfigException e)
        {
            throw new StageConfigException($"'{key}': {e.Message}");
        }
    }

    public ConfigValue this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<ConfigValue> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out ConfigValue value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, ConfigValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
