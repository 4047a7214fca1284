using System.Text.Json;
using System.Text.Json.Nodes;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>Sets values in a config's JSON by their section path, before the config is read, so the
/// loader checks a varied value exactly as it checks one written in the file (unknown keys included).</summary>
public static class ConfigOverrides
{
    /// <summary>The config text with each (path, value) set, sections created as needed.</summary>
    /// <exception cref="ConfigException">The text is no JSON object, or a path runs through a value that is not a section.</exception>
    public static string Apply(string configJson, IEnumerable<(string Path, string Value)> settings)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(configJson, documentOptions: StrictBinder.DocumentOptions) as JsonObject
                ?? throw new ConfigException("(file)", "the config must be a JSON object of sections");
        }
        catch (JsonException e)
        {
            throw new ConfigException("(file)", $"not valid JSON: {e.Message}");
        }
        foreach (var (path, value) in settings)
        {
            var names = path.Split('.');
            var section = root;
            for (int i = 0; i < names.Length - 1; i++)
            {
                var next = section[names[i]];
                if (next is null)
                    section[names[i]] = next = new JsonObject();
                section = next as JsonObject
                    ?? throw new ConfigException(string.Join('.', names[..(i + 1)]), $"is a value, not a section, so {path} cannot be set");
            }
            section[names[^1]] = ValueNode(value);
        }
        return root.ToJsonString();
    }

    /// <summary>A JSON number, true, false or quoted string as such; any other text as a string.</summary>
    static JsonNode? ValueNode(string value)
    {
        if (value is "true" or "false" || value.StartsWith('"') || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                // not JSON after all (e.g. "1e"): the string itself
            }
        }
        return JsonValue.Create(value);
    }
}
