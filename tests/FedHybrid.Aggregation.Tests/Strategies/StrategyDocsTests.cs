using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>docs/strategies.md lists every option of every strategy with the default and the range
/// that the options records hold.</summary>
public sealed class StrategyDocsTests
{
    static string Docs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "docs", "strategies.md");
            if (File.Exists(path))
                return File.ReadAllText(path);
        }
        throw new FileNotFoundException("docs/strategies.md not found above " + AppContext.BaseDirectory);
    }

    /// <summary>From the heading that names the strategy to the next heading.</summary>
    static string Section(string docs, string marker)
    {
        int start = docs.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/strategies.md has no section '{marker}'");
        int end = docs.IndexOf("\n#", start + marker.Length, StringComparison.Ordinal);
        return end < 0 ? docs[start..] : docs[start..end];
    }

    [Fact]
    public void EveryOptionIsListedWithItsDefaultAndRange()
    {
        string docs = Docs();
        string shared = Section(docs, "## Shared options");
        foreach (var descriptor in StrategyRegistry.All)
        {
            string section = Section(docs, $"(`{descriptor.Name}`)\n");
            foreach (var option in StrategyOptions.Describe(descriptor.DefaultOptions()))
            {
                string row = $"| `{option.Name}` | {option.Default} | {option.Allowed} |";
                Assert.True((option.Shared ? shared : section).Contains(row, StringComparison.Ordinal),
                    $"docs/strategies.md lacks '{row}' for {descriptor.Name}");
            }
        }
    }
}
