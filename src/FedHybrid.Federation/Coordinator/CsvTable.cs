using System.Globalization;
using System.Reflection;
using System.Text;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Writes records as CSV (header from the record's properties, invariant culture, fields
/// quoted where needed) and replaces the file atomically, so a reader never sees half a file. A
/// double that is not a finite number (not measured) is an empty field.</summary>
public static class CsvTable
{
    public static string Header<T>() => string.Join(',', Properties<T>().Select(p => ToSnakeCase(p.Name)));

    public static string Row<T>(T record) =>
        string.Join(',', Properties<T>().Select(p => Field(p.GetValue(record))));

    public static void WriteAtomically<T>(string path, IEnumerable<T> records)
    {
        var text = new StringBuilder().AppendLine(Header<T>());
        foreach (var record in records)
            text.AppendLine(Row(record));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    static PropertyInfo[] Properties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken).ToArray();

    static string Field(object? value) => value switch
    {
        null => "",
        // Not measured (NaN) or not representable: empty, as summary.json writes null.
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    static string ToSnakeCase(string name)
    {
        var result = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                result.Append('_');
            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }
}
