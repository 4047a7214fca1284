namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>deploy/k8s rendered once for the tests that read it: the base as it is, and the lab example
/// overlay in a copy of deploy/k8s whose kits/ folder a real `provision` filled, as a lab would.</summary>
public sealed class RenderedManifests : IAsyncLifetime
{
    readonly TempDirectory _copy = new();

    public IReadOnlyList<RenderedObject> Base { get; private set; } = [];
    public IReadOnlyList<RenderedObject> Overlay { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        if (Kustomize.Kubectl is null)
            return;
        Base = Parse(await Kustomize.RenderAsync(RepositoryFiles.Path("deploy", "k8s", "base")));
        CopyDirectory(RepositoryFiles.Path("deploy", "k8s"), _copy.Path);
        var overlay = Path.Combine(_copy.Path, "overlays", "lab-example");
        LabProvisioner.Provision(new ProvisionOptions(3, Path.Combine(overlay, "kits"), CoordinatorHosts: ["fedhybrid-coordinator"], Hosts: 2));
        Overlay = Parse(await Kustomize.RenderAsync(overlay));
    }

    static IReadOnlyList<RenderedObject> Parse(string yaml) => YamlDocuments.Parse(yaml).Select(o => new RenderedObject(o)).ToArray();

    static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}kits{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                continue; // a developer's own kits stay where they are
            Directory.CreateDirectory(Path.GetDirectoryName(file.Replace(from, to, StringComparison.Ordinal))!);
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    public ValueTask DisposeAsync()
    {
        _copy.Dispose();
        return ValueTask.CompletedTask;
    }
}
