using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>deploy/Containerfile starts a real `fedhybrid` command, from the binary its build stage publishes.</summary>
public sealed partial class ContainerfileTests
{
    static readonly string[] Lines = File.ReadAllLines(RepositoryFiles.Path("deploy", "Containerfile"));

    /// <summary>The instructions after the last FROM (the image that runs), continuation lines joined.</summary>
    static IReadOnlyList<string> FinalStage()
    {
        var instructions = Lines.Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        return instructions.Skip(instructions.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToArray();
    }

    /// <summary>The exec form (a JSON array) of the final stage's only <paramref name="instruction"/>.</summary>
    static string[] ExecForm(string instruction)
    {
        var line = Assert.Single(FinalStage(), l => l.StartsWith(instruction + " ", StringComparison.Ordinal));
        return JsonSerializer.Deserialize<string[]>(line[(instruction.Length + 1)..])!;
    }

    [Fact]
    public void TheEntrypointIsTheFedHybridBinaryThatTheBuildStagePublishes()
    {
        var entrypoint = Assert.Single(ExecForm("ENTRYPOINT"));
        var cli = XDocument.Load(RepositoryFiles.Path("src", "FedHybrid.Cli", "FedHybrid.Cli.csproj"));
        var assembly = cli.Descendants("AssemblyName").Single().Value;
        Assert.Equal("/app/" + assembly, entrypoint);
        Assert.Contains(Lines, l => l.StartsWith("RUN dotnet publish src/FedHybrid.Cli/FedHybrid.Cli.csproj", StringComparison.Ordinal) && l.EndsWith(" -o /app", StringComparison.Ordinal));
        Assert.Contains("COPY --from=build /app /app", FinalStage());
    }

    [Fact]
    public void TheDefaultCommandIsARealSubcommand()
    {
        var command = ExecForm("CMD");
        Assert.NotEmpty(command);
        Assert.Empty(FedHybridCommandLine.Errors(command));
        // The same check refuses what is not a command.
        Assert.NotEmpty(FedHybridCommandLine.Errors(["no-such-command"]));
        Assert.NotEmpty(FedHybridCommandLine.Errors(["coordinator", "--no-such-flag"]));
    }

    /// <summary>Restore runs on the project files alone, so each project must be copied before it.</summary>
    [Fact]
    public void EveryProjectIsCopiedBeforeRestore()
    {
        int restore = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "no RUN dotnet restore");
        var copied = Lines[..restore].Select(l => CopiedProject().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var projects = Directory.GetFiles(RepositoryFiles.Path("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryFiles.Root, p).Replace('\\', '/'));
        Assert.All(projects, p => Assert.Contains(p, copied));
    }

    [GeneratedRegex(@"^COPY (src/\S+\.csproj) ")]
    private static partial Regex CopiedProject();
}
