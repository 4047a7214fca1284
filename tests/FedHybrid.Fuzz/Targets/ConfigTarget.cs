using System.Text;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The experiment config loader on arbitrary text (JSON with comments and trailing commas).</summary>
public sealed class ConfigTarget : IFuzzTarget
{
    public string Name => "config";

    public void Run(ReadOnlySpan<byte> input) => ExperimentConfigLoader.Parse(Encoding.UTF8.GetString(input));

    public bool IsRejection(Exception exception) => exception is ConfigException;

    /// <summary>The shipped configs, the strategies' included (their options bind by the strategy's name).</summary>
    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        var configs = Path.Combine(FuzzMaterial.Directory, "configs");
        return System.IO.Directory.EnumerateFiles(configs, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(configs, f).Replace(Path.DirectorySeparatorChar, '-')[..^".json".Length], File.ReadAllBytes(f)));
    }
}
