using System.Text.RegularExpressions;

namespace FedHybrid.IntegrationTests;

/// <summary>`fedhybrid privacy` as a process: every row of the published-figures table in docs/privacy.md is
/// re-run with the command printed beside it and must print the RDP and PLD figures the row states.</summary>
public sealed class PrivacyCliTests
{
    static Task<(int ExitCode, string Output)> Cli(params string[] arguments) =>
        FedHybridCli.RunAsync(FedHybridCli.StartInfo(FedHybridCli.Executable, arguments, FedHybridCli.Directory));

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FedHybrid.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FedHybrid.sln not found above the test output");
    }

    /// <summary>Rows of the table under "## Published figures": (our RDP, our PLD, the command's arguments).</summary>
    static IEnumerable<(string Rdp, string Pld, string[] Arguments)> PublishedRows()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "privacy.md"));
        var section = doc[doc.IndexOf("## Published figures", StringComparison.Ordinal)..];
        foreach (var line in section.Split('\n').Where(l => l.StartsWith('|') && l.Contains("`fedhybrid privacy")))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // | source | q | σ | steps | δ | published | our RDP (order) | our PLD | command |
            string rdp = Regex.Match(cells[7], @"^[0-9.]+").Value, pld = cells[8];
            var command = Regex.Match(cells[9], "`fedhybrid privacy ([^`]+)`").Groups[1].Value;
            yield return (rdp, pld, ["privacy", .. command.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        }
    }

    [Fact]
    public async Task EveryPublishedRowReproducesWithItsCommand()
    {
        var rows = PublishedRows().ToArray();
        Assert.True(rows.Length >= 6, $"only {rows.Length} rows found in docs/privacy.md");
        foreach (var (rdp, pld, arguments) in rows)
        {
            var (code, output) = await Cli(arguments);
            Assert.True(code == 0, $"fedhybrid {string.Join(' ', arguments)} exited {code}: {output}");
            Assert.Contains($"RDP epsilon = {rdp} ", output);
            Assert.Contains($"PLD epsilon = {pld} ", output);
        }
    }

    [Fact]
    public async Task BadDeltaIsRefusedByName()
    {
        var (code, output) = await Cli("privacy", "--q", "0.01", "--sigma", "1", "--steps", "10", "--delta", "2");
        Assert.Equal(1, code);
        Assert.Contains("--delta must be in (0, 1)", output);
    }
}
