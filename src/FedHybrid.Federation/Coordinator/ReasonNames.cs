using System.Globalization;
using System.Text;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The kebab-case names of <see cref="UpdateRejection"/> and <see cref="JoinRefusal"/> used in
/// metrics, logs and on the wire, and the "reason:count;..." tallies of metrics.csv.</summary>
public static class ReasonNames
{
    public static string ToName(this UpdateRejection reason) => KebabCase(reason.ToString());

    public static string ToName(this JoinRefusal reason) => KebabCase(reason.ToString());

    /// <summary>"reason:count" pairs joined by ';', in enum order (the metrics.csv format).</summary>
    public static string Tally<T>(IEnumerable<T> reasons) where T : struct, Enum =>
        string.Join(';', reasons.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{KebabCase(g.Key.ToString())}:{g.Count()}"));

    /// <summary>"reason:count" pairs of reason names joined by ';', in ordinal order of the names.</summary>
    public static string Tally(IEnumerable<string> reasons) =>
        string.Join(';', reasons.GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}"));

    /// <summary>The pairs of a <see cref="Tally(IEnumerable{string})"/>.</summary>
    public static IEnumerable<(string Reason, int Count)> Parse(string tally) =>
        tally.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int colon = pair.LastIndexOf(':');
            return (pair[..colon], int.Parse(pair[(colon + 1)..], CultureInfo.InvariantCulture));
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
