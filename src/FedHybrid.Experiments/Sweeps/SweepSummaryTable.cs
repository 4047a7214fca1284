using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>
/// A sweep's summary.csv: one row a run, first a column per varied path (its value as --vary gave it),
/// then <see cref="SweepRunResult"/>'s columns in <see cref="RunFileNaming"/>'s spelling. Written the way
/// <see cref="CsvTable"/> writes a run's tables (CsvHelper, invariant culture, "\n", a value not
/// measured as an empty field, replaced atomically); the varied columns make the header per sweep.
/// </summary>
public static class SweepSummaryTable
{
    public const string FileName = "summary.csv";

    static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    public static IReadOnlyList<string> Header(IReadOnlyList<SweepAxis> axes) =>
        [.. axes.Select(a => a.Path), .. typeof(SweepRunResult).GetProperties().Select(p => RunFileNaming.Name(p.Name)), "target_accuracy"];

    public static void Write(string path, IReadOnlyList<SweepAxis> axes, IEnumerable<(SweepPoint Point, SweepRunResult Result)> rows, double? targetAccuracy)
    {
        var properties = typeof(SweepRunResult).GetProperties();
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, Configuration))
        {
            foreach (var column in Header(axes))
                csv.WriteField(column);
            csv.NextRecord();
            foreach (var (point, result) in rows)
            {
                foreach (var (_, value) in point.Settings)
                    csv.WriteField(value);
                foreach (var property in properties)
                    csv.WriteField(Field(property.GetValue(result)));
                csv.WriteField(Field(targetAccuracy));
                csv.NextRecord();
            }
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    static string Field(object? value) => value switch
    {
        null => "",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
