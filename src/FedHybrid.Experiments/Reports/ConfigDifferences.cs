using System.Text.Json;

namespace FedHybrid.Experiments.Reports;

/// <summary>One config setting across the runs of a report: its path, each run's value (null where the
/// run's config lacks it), and whether they differ. run.name differs by construction and is not counted.</summary>
public sealed record ConfigSetting(string Path, IReadOnlyList<string?> Values)
{
    public bool Differs => Path != "run.name" && Values.Distinct(StringComparer.Ordinal).Count() > 1;
}

/// <summary>Compares the runs' config.json files setting by setting, in the order the first config writes them.</summary>
public static class ConfigDifferences
{
    /// <exception cref="InvalidDataException">A config.json is not JSON; names the run.</exception>
    public static IReadOnlyList<ConfigSetting> Compare(IReadOnlyList<ReportRun> runs)
    {
        var flat = runs.Select(Flatten).ToArray();
        var paths = flat.SelectMany(f => f.Keys).Distinct(StringComparer.Ordinal).ToArray();
        return paths.Select(p => new ConfigSetting(p, flat.Select(f => f.GetValueOrDefault(p)).ToArray())).ToArray();
    }

    static Dictionary<string, string?> Flatten(ReportRun run)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(run.ConfigJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            Add(values, "", document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.Combine(run.Folder, "config.json")} is not JSON: {e.Message}", e);
        }
        return values;
    }

    static void Add(Dictionary<string, string?> values, string path, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Any())
        {
            foreach (var property in element.EnumerateObject())
                Add(values, path.Length == 0 ? property.Name : $"{path}.{property.Name}", property.Value);
            return;
        }
        values[path] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }
}
