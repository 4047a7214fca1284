using System.Text;
using FedHybrid.Aggregation.Binding;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>
/// The runs of a sweep: every combination of the axes' values (the first axis varies slowest), each
/// the base config with those values set and named after them, e.g. <c>learning_rate-0.05_partition-dirichlet-0.5</c>.
/// A name is the axes' last path segments, or their whole paths where two axes share a last segment, so
/// the same grid always names the same folders and a rerun finds its runs.
/// </summary>
public sealed class SweepGrid
{
    SweepGrid(IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points)
    {
        Axes = axes;
        Points = points;
    }

    public IReadOnlyList<SweepAxis> Axes { get; }

    public IReadOnlyList<SweepPoint> Points { get; }

    /// <exception cref="ConfigException">An axis repeats a path, or a point's config is invalid (every
    /// problem of every point, each prefixed with the point's values).</exception>
    public static SweepGrid Create(string baseConfigJson, IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(baseConfigJson);
        if (axes.Count == 0)
            throw new ConfigException("--vary", "give at least one PATH=v1,v2");
        var repeated = axes.GroupBy(a => a.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ConfigException("--vary", $"{repeated.Key} is varied twice; list all its values in one --vary");
        var labels = Labels(axes);
        var points = new List<SweepPoint>();
        var errors = new List<OptionError>();
        foreach (var settings in Combinations(axes))
        {
            var name = Name(labels, settings);
            try
            {
                var config = ExperimentConfigLoader.Parse(ConfigOverrides.Apply(baseConfigJson, settings));
                points.Add(new SweepPoint(name, settings, config with { Run = config.Run with { Name = name } }));
            }
            catch (ConfigException e)
            {
                var at = string.Join(", ", settings.Select(s => $"{s.Path}={s.Value}"));
                errors.AddRange(e.Errors.Select(o => o with { Message = $"{o.Message} (in the run {at})" }));
            }
        }
        if (errors.Count > 0)
            throw new ConfigException(errors.DistinctBy(e => (e.Name, e.Message)).ToArray());
        var clash = points.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ConfigException("--vary", $"two runs would share the folder name '{clash.Key}'; give values that differ in letters or digits");
        return new SweepGrid(axes, points);
    }

    static IEnumerable<IReadOnlyList<(string Path, string Value)>> Combinations(IReadOnlyList<SweepAxis> axes)
    {
        IEnumerable<IReadOnlyList<(string, string)>> combinations = [[]];
        foreach (var axis in axes)
            combinations = combinations.SelectMany(c => axis.Values.Select(v => (IReadOnlyList<(string, string)>)[.. c, (axis.Path, v)])).ToArray();
        return combinations;
    }

    static IReadOnlyList<string> Labels(IReadOnlyList<SweepAxis> axes)
    {
        var leaves = axes.Select(a => a.Path[(a.Path.LastIndexOf('.') + 1)..]).ToArray();
        return leaves.Distinct(StringComparer.Ordinal).Count() == leaves.Length ? leaves : axes.Select(a => a.Path).ToArray();
    }

    /// <summary>A run name the loader accepts: letters, digits, '-', '_' and '.'; anything else becomes '-'.</summary>
    static string Name(IReadOnlyList<string> labels, IReadOnlyList<(string Path, string Value)> settings)
    {
        var name = new StringBuilder();
        for (int i = 0; i < settings.Count; i++)
        {
            if (i > 0)
                name.Append('_');
            name.Append(labels[i]).Append('-');
            foreach (var c in settings[i].Value.Trim('"'))
                name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-');
        }
        return name.ToString();
    }
}
