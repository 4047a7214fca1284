using System.Text;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The kebab-case names of <see cref="UpdateRejection"/> and <see cref="JoinRefusal"/> used in
/// metrics, logs and on the wire.</summary>
public static class ReasonNames
{
    public static string ToName(this UpdateRejection reason) => KebabCase(reason.ToString());

    public static string ToName(this JoinRefusal reason) => KebabCase(reason.ToString());

    /// <summary>"reason:count" pairs joined by ';', in enum order (the metrics.csv format).</summary>
    public static string Tally<T>(IEnumerable<T> reasons) where T : struct, Enum =>
        string.Join(';', reasons.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{KebabCase(g.Key.ToString())}:{g.Count()}"));

    /// <summary>The pairs of a <see cref="Tally{T}"/> string ("" = none).</summary>
    public static IEnumerable<(string Reason, int Count)> ParseTally(string tally) =>
        tally.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int colon = pair.LastIndexOf(':');
            return (pair[..colon], int.Parse(pair[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        });

    static string KebabCase(string text)
    {
        var name = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
                name.Append('-');
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }
}
