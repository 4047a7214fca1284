using FedHybrid.Deployment;

namespace FedHybrid.Fuzz.Targets;

/// <summary>The kit loaders: a copy of a real provisioned kit with one file replaced by the input. The first
/// byte picks the kit and the file; the rest is the file's content.</summary>
public sealed class KitTarget : IFuzzTarget
{
    const string ClientKitName = "client-01";

    static readonly (string Kit, string File)[] Files =
    [
        (KitFiles.CoordinatorId, KitFiles.Manifest),
        (KitFiles.CoordinatorId, KitFiles.CaCertificate),
        (KitFiles.CoordinatorId, KitFiles.ServerCertificate),
        (KitFiles.CoordinatorId, KitFiles.ServerKey),
        (KitFiles.CoordinatorId, KitFiles.EnvelopePrivateKey(KitFiles.CoordinatorId)),
        (KitFiles.CoordinatorId, KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId)),
        (KitFiles.CoordinatorId, KitFiles.SigningPrivateKey(KitFiles.CoordinatorId)),
        (KitFiles.CoordinatorId, KitFiles.SigningPublicKey(KitFiles.CoordinatorId)),
        (KitFiles.CoordinatorId, KitFiles.AdmittedClients),
        (ClientKitName, KitFiles.Manifest),
        (ClientKitName, KitFiles.CaCertificate),
        (ClientKitName, KitFiles.ClientCertificate),
        (ClientKitName, KitFiles.ClientKey),
        (ClientKitName, KitFiles.EnvelopePrivateKey(ClientKitName)),
        (ClientKitName, KitFiles.EnvelopePublicKey(ClientKitName)),
        (ClientKitName, KitFiles.SigningPrivateKey(ClientKitName)),
        (ClientKitName, KitFiles.SigningPublicKey(ClientKitName)),
        (ClientKitName, KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId)),
        (ClientKitName, KitFiles.SigningPublicKey(KitFiles.CoordinatorId)),
    ];

    readonly Lazy<string> _workspace = new(CopyKits);

    public string Name => "kit";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var (kit, file) = Files[input[0] % Files.Length];
        var directory = Path.Combine(_workspace.Value, kit);
        var path = Path.Combine(directory, file);
        var original = File.ReadAllBytes(path);
        File.WriteAllBytes(path, input[1..]);
        try
        {
            if (kit == KitFiles.CoordinatorId)
            {
                using var loaded = CoordinatorKit.Load(directory);
                loaded.OpenEnvelopeIdentity().Dispose();
                loaded.OpenSigningKey().Dispose();
                loaded.CreateIdentityRegistry();
            }
            else
            {
                using var loaded = ClientKit.Load(directory);
                loaded.OpenEnvelopeIdentity().Dispose();
                loaded.OpenSigningKey().Dispose();
            }
        }
        finally
        {
            File.WriteAllBytes(path, original);
        }
    }

    public bool IsRejection(Exception exception) => exception is KitLoadException;

    public IEnumerable<(string Name, byte[] Data)> Seeds() =>
        Files.Select((f, i) => ($"{f.Kit}.{f.File}", (byte[])[(byte)i, .. File.ReadAllBytes(Path.Combine(FuzzMaterial.KitDirectory(f.Kit), f.File))]));

    static string CopyKits()
    {
        var workspace = Path.Combine(Path.GetTempPath(), $"fedhybrid-fuzz-kits-{Environment.ProcessId}-{Guid.NewGuid():N}");
        foreach (var kit in new[] { KitFiles.CoordinatorId, ClientKitName })
        {
            var target = Directory.CreateDirectory(Path.Combine(workspace, kit)).FullName;
            foreach (var file in Directory.EnumerateFiles(FuzzMaterial.KitDirectory(kit)))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(workspace, recursive: true);
        return workspace;
    }
}
