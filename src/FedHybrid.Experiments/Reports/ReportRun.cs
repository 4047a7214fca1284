using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Reports;

/// <summary>One run folder as a report reads it: its config.json (text), metrics.csv and clients.csv.</summary>
public sealed record ReportRun(string Name, string Folder, string ConfigJson, IReadOnlyList<RoundMetrics> Rounds, IReadOnlyList<ClientRoundRecord> Clients)
{
    /// <exception cref="InvalidDataException">The folder is no run folder, or a table in it is malformed; names the file.</exception>
    public static ReportRun Load(string folder, string name)
    {
        var layout = new RunLayout(Path.GetFullPath(folder));
        if (!Directory.Exists(layout.Root))
            throw new InvalidDataException($"{layout.Root} does not exist; give run folders (RUNS/NAME) that simulate or sweep wrote");
        foreach (var file in new[] { layout.Config, layout.Metrics, layout.Clients })
            if (!File.Exists(file))
                throw new InvalidDataException($"{layout.Root} is no run folder with rounds: {Path.GetFileName(file)} is missing (a run writes it once its first round ends)");
        return new ReportRun(name, layout.Root, File.ReadAllText(layout.Config), CsvTable.Read<RoundMetrics>(layout.Metrics), CsvTable.Read<ClientRoundRecord>(layout.Clients));
    }

    /// <summary>Loads the folders, each named by its folder name, or by its parent and name where two share a name.</summary>
    public static IReadOnlyList<ReportRun> LoadAll(IReadOnlyList<string> folders)
    {
        var full = folders.Select(f => Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar)).ToArray();
        var repeated = full.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new InvalidDataException($"{repeated.Key} is given twice");
        var names = full.Select(Path.GetFileName).ToArray();
        return full.Select((f, i) => Load(f, names.Count(n => n == names[i]) > 1
            ? $"{Path.GetFileName(Path.GetDirectoryName(f))}/{names[i]}" : names[i]!)).ToArray();
    }
}
