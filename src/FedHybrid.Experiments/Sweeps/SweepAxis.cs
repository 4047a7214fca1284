using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>One varied setting of a sweep: a config path in sections (training.learning_rate,
/// strategy.options.proximal_mu) and the values it takes, in the order given.</summary>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values)
{
    /// <summary>Reads <c>PATH=v1,v2,...</c> as --vary gives it. A value is read as JSON when it is a JSON
    /// number, true, false or a quoted string, else as a string (dirichlet:0.5).</summary>
    /// <exception cref="ConfigException">The form is wrong, the path is malformed, or a value is empty or repeated.</exception>
    public static SweepAxis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.IndexOf('=');
        if (equals <= 0)
            throw new ConfigException("--vary", $"must be PATH=v1,v2 (e.g. training.learning_rate=0.01,0.05), got '{text}'");
        var path = text[..equals].Trim();
        var parts = path.Split('.');
        if (parts.Length < 2 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            throw new ConfigException("--vary", $"'{path}' is not a config path: sections and keys in snake_case joined by '.', e.g. training.learning_rate");
        if (path == "run.name")
            throw new ConfigException("--vary", "run.name cannot be varied: the sweep names each run after its values");
        var values = text[(equals + 1)..].Split(',').Select(v => v.Trim()).ToArray();
        if (values.Any(v => v.Length == 0))
            throw new ConfigException("--vary", $"{path} has an empty value in '{text[(equals + 1)..]}'");
        var repeated = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ConfigException("--vary", $"{path} lists '{repeated.Key}' twice");
        return new SweepAxis(path, values);
    }

    public override string ToString() => $"{Path}={string.Join(',', Values)}";
}
