namespace FedHybrid.Architecture.Tests;

/// <summary>Project references point only downwards (DESIGN.md, "The house"): Cli -> {Experiments,
/// Inference, Attacks} -> Deployment -> Federation -> {Crypto, Learning, Aggregation}, and the three at
/// the bottom never reference each other.</summary>
public sealed class LayeringTests
{
    /// <summary>Higher layers may reference lower ones only.</summary>
    static readonly Dictionary<string, int> Layers = new()
    {
        ["FedHybrid.Crypto"] = 0,
        ["FedHybrid.Learning"] = 0,
        ["FedHybrid.Aggregation"] = 0,
        ["FedHybrid.Federation"] = 1,
        ["FedHybrid.Deployment"] = 2,
        ["FedHybrid.Experiments"] = 3,
        ["FedHybrid.Inference"] = 3,
        ["FedHybrid.Attacks"] = 3,
        ["FedHybrid.Cli"] = 4,
    };

    /// <summary>Sideways references DESIGN.md allows: Attacks runs experiments to attack them.</summary>
    static readonly (string From, string To)[] Sideways = [("FedHybrid.Attacks", "FedHybrid.Experiments")];

    internal static string[] Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> references)
    {
        var problems = new List<string>();
        foreach (var (from, targets) in references)
        {
            if (!Layers.TryGetValue(from, out int layer))
            {
                problems.Add($"{from} has no place in the layers: add it to {nameof(LayeringTests)}.{nameof(Layers)} (and DESIGN.md)");
                continue;
            }
            foreach (var to in targets)
                if (!Layers.TryGetValue(to, out int target) || (target >= layer && !Sideways.Contains((from, to))))
                    problems.Add($"{from} -> {to}");
        }
        return problems.Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void ProjectReferencesPointOnlyDownwards()
    {
        var references = SourceTree.ProjectReferences().ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value);
        Assert.Contains("FedHybrid.Crypto", references.Keys);
        var violations = Violations(references);
        Assert.True(violations.Length == 0, "References that do not point downwards: " + string.Join("; ", violations));
    }

    [Fact]
    public void CompiledAssembliesReferenceOnlyDownwards()
    {
        // What the compiler kept: the assemblies' own references, which no csproj trick can hide.
        var references = SourceTree.ProjectReferences().Keys.ToDictionary(p => p, p => ReferencedTypes.AssemblyReferences(SourceTree.AssemblyPath(p)));
        var violations = Violations(references);
        Assert.True(violations.Length == 0, "Assembly references that do not point downwards: " + string.Join("; ", violations));
        // Federation composes the three below it.
        Assert.Contains("FedHybrid.Crypto", references["FedHybrid.Federation"]);
    }

    [Fact]
    public void AnUpwardOrSidewaysReferenceIsReported()
    {
        var violations = Violations(new Dictionary<string, IReadOnlyList<string>>
        {
            ["FedHybrid.Crypto"] = ["FedHybrid.Learning"],
            ["FedHybrid.Federation"] = ["FedHybrid.Crypto", "FedHybrid.Deployment"],
            ["FedHybrid.Attacks"] = ["FedHybrid.Experiments"],
            ["FedHybrid.Plugins"] = [],
        });
        Assert.Equal(["FedHybrid.Crypto -> FedHybrid.Learning", "FedHybrid.Federation -> FedHybrid.Deployment",
            "FedHybrid.Plugins has no place in the layers: add it to LayeringTests.Layers (and DESIGN.md)"], violations);
    }
}
