using System.Globalization;

namespace FedHybrid.Experiments;

/// <summary>What a run folder holds, in words, for the refusal to reuse it and for --overwrite to say
/// what it removes.</summary>
public static class RunFolderContents
{
    /// <summary>Null when the folder is absent or empty; else e.g. "a finished run (final-model.sealed,
    /// summary.json, metrics.csv with 3 rounds, checkpoint.sealed, keys/ with 8 files, logs/ ...)".</summary>
    public static string? Describe(RunLayout layout)
    {
        if (!Directory.Exists(layout.Root))
            return null;
        var entries = Directory.EnumerateFileSystemEntries(layout.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (entries.Length == 0)
            return null;
        var kind = File.Exists(layout.Summary) ? "a finished run" : "an unfinished run";
        return $"{kind} ({string.Join(", ", entries.Select(e => Entry(layout, e!)))})";
    }

    static string Entry(RunLayout layout, string name)
    {
        var path = Path.Combine(layout.Root, name);
        if (Directory.Exists(path))
        {
            int files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Count();
            return string.Create(CultureInfo.InvariantCulture, $"{name}/ with {files} file{(files == 1 ? "" : "s")}");
        }
        if (path == layout.Metrics)
        {
            int rounds = Math.Max(0, File.ReadLines(path).Count() - 1);
            return string.Create(CultureInfo.InvariantCulture, $"{name} with {rounds} round{(rounds == 1 ? "" : "s")}");
        }
        return name;
    }
}
