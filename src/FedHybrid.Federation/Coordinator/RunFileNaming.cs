using System.Text.Json;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// The one naming policy of every file a run writes: snake_case names in metrics.csv, stages.csv,
/// clients.csv, summary.json and the checkpoint's state, derived from the record's property names, so a
/// column and a JSON key of the same value are spelled the same. A value not measured (NaN) is JSON
/// null and an empty CSV field.
/// </summary>
public static class RunFileNaming
{
    /// <summary>The file name of a property: <c>ClientDownloadOpenMs</c> is <c>client_download_open_ms</c>.</summary>
    public static string Name(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    /// <summary>JSON options for a run's files: the naming policy, NaN as null, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new NotMeasuredAsNull() },
    };
}
