namespace FedHybrid.Deployment;

/// <summary>A client host's kit folder, loaded and checked: its manifest and the client kit of every virtual
/// client it runs (one sub-folder each, as `fedhybrid provision --hosts` lays them out). Each client keeps its
/// own certificate and keys, so the coordinator still sees one TLS identity per client.</summary>
public sealed class HostKit : IDisposable
{
    HostKit(string directory, KitManifest manifest, IReadOnlyList<ClientKit> clients)
    {
        Directory = directory;
        Manifest = manifest;
        Clients = clients;
    }

    public string Directory { get; }
    public KitManifest Manifest { get; }
    /// <summary>The host's client kits, ordered by client id.</summary>
    public IReadOnlyList<ClientKit> Clients { get; }

    public static HostKit Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new KitLoadException(directory, "kit folder does not exist.");
        var manifestPath = Path.Combine(directory, KitFiles.Manifest);
        var manifest = KitFileIO.ReadJson<KitManifest>(directory, KitFiles.Manifest);
        if (manifest.Kind != KitKind.Host)
            throw new KitLoadException(manifestPath, $"is a {manifest.Kind} kit, not a host kit (a client kit runs with `fedhybrid client --kit`).");
        KitFileIO.ReadSuite(directory, manifest);
        var folders = System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToArray();
        if (folders.Length == 0)
            throw new KitLoadException(directory, "holds no client kit folders (copy the whole host folder that `fedhybrid provision --hosts` wrote).");
        var clients = new List<ClientKit>();
        try
        {
            foreach (var folder in folders)
            {
                var client = ClientKit.Load(folder);
                clients.Add(client);
                if (!string.Equals(client.Manifest.Suite, manifest.Suite, StringComparison.Ordinal))
                    throw new KitLoadException(Path.Combine(folder, KitFiles.Manifest), $"is for suite '{client.Manifest.Suite}' but the host kit is for '{manifest.Suite}'.");
                if (clients.Count > 1 && clients[0].CaCertificate.Thumbprint != client.CaCertificate.Thumbprint)
                    throw new KitLoadException(Path.Combine(folder, KitFiles.CaCertificate), $"is from another lab than {Path.GetFileName(folders[0])}'s.");
            }
        }
        catch
        {
            foreach (var client in clients)
                client.Dispose();
            throw;
        }
        return new HostKit(directory, manifest, clients);
    }

    public void Dispose()
    {
        foreach (var client in Clients)
            client.Dispose();
    }
}
