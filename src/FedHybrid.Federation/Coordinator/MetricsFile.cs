using System.Globalization;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Reads the numeric columns of a run's metrics.csv back, by header name.</summary>
public static class MetricsFile
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty");
        var header = lines[0].Split(',');
        var rows = new List<IReadOnlyDictionary<string, double>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var row = new Dictionary<string, double>();
            var fields = SplitCsv(line);
            for (int i = 0; i < header.Length && i < fields.Count; i++)
                if (double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    row[header[i]] = value;
            rows.Add(row);
        }
        return rows;
    }

    // Fields may be quoted (rejection reasons); numbers never are.
    static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
