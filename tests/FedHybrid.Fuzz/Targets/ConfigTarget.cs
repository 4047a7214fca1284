using System.Text;
using FedHybrid.Experiments;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The experiment config loader on arbitrary text (JSON with comments and trailing commas).</summary>
public sealed class ConfigTarget : IFuzzTarget
{
    public string Name => "config";

    public void Run(ReadOnlySpan<byte> input) => ExperimentConfigLoader.Parse(Encoding.UTF8.GetString(input));

    public bool IsRejection(Exception exception) => exception is ConfigException;

    public IEnumerable<(string Name, byte[] Data)> Seeds()
    {
        var configs = Path.Combine(FuzzMaterial.Directory, "configs");
        return System.IO.Directory.EnumerateFiles(configs, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f)));
    }
}
