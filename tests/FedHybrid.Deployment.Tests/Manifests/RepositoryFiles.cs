namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>Files of the repository these tests read (deploy/, src/), found from the test's output folder upwards.</summary>
static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FedHybrid.sln")))
                return directory.FullName;
        throw new DirectoryNotFoundException($"no FedHybrid.sln above {AppContext.BaseDirectory}");
    }
}
