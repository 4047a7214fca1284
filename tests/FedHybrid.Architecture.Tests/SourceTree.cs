using System.Xml.Linq;

namespace FedHybrid.Architecture.Tests;

/// <summary>The repository's src projects, found from the test's output folder, and the FedHybrid
/// assemblies built from them.</summary>
static class SourceTree
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FedHybrid.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No FedHybrid.sln above {AppContext.BaseDirectory}.");
    }

    static string[] ProjectFiles() => Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories);

    /// <summary>Each src project's name and the names of the projects it references.</summary>
    public static IReadOnlyDictionary<string, string[]> ProjectReferences() =>
        ProjectFiles().ToDictionary(
            path => Path.GetFileNameWithoutExtension(path),
            path => XDocument.Load(path).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray());

    /// <summary>The built assembly of a src project (its AssemblyName, e.g. the Cli's "fedhybrid"), from this test's output folder.</summary>
    public static string AssemblyPath(string project)
    {
        var csproj = ProjectFiles().Single(p => Path.GetFileNameWithoutExtension(p) == project);
        var name = XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value ?? project;
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name}.dll (project {project}) is not in {AppContext.BaseDirectory}: reference its project from the architecture tests.", path);
    }
}
