using System.Text;

namespace FedHybrid.Attacks.Registry;

/// <summary>A small table of an attack's results, as attack.md shows it (GitHub markdown).</summary>
public sealed record AttackTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public string ToMarkdown()
    {
        if (Rows.Any(r => r.Count != Columns.Count))
            throw new InvalidOperationException($"every row must have {Columns.Count} cells");
        var text = new StringBuilder();
        Line(text, Columns);
        Line(text, Columns.Select(_ => "---").ToArray());
        foreach (var row in Rows)
            Line(text, row);
        return text.ToString();
    }

    static void Line(StringBuilder text, IReadOnlyList<string> cells) =>
        text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
}
