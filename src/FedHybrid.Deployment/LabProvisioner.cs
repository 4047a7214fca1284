using FedHybrid.Federation.Security;

namespace FedHybrid.Deployment;

/// <summary>Makes a lab: a throw-away CA, a coordinator kit and one kit per client, each a folder
/// that can be copied to its machine as is.</summary>
public static class LabProvisioner
{
    /// <summary>Checks every option, then writes the whole lab into a temporary folder beside the
    /// output folder and renames it into place: a refused option or a failure leaves nothing behind.</summary>
    public static ProvisionResult Provision(ProvisionOptions options)
    {
        if (options.Clients is < 1 or > ProvisionOptions.MaxClients)
            throw new ArgumentException($"--clients must be between 1 and {ProvisionOptions.MaxClients}, not {options.Clients}.");
        if (options.ValidityDays < 1)
            throw new ArgumentException($"--validity-days must be at least 1, not {options.ValidityDays}.");
        if (options.Hosts < 0 || options.Hosts > options.Clients)
            throw new ArgumentException($"--hosts must be between 1 and the number of clients ({options.Clients}), not {options.Hosts}.");
        var suite = LabKeys.ParseSuite(options.Suite);
        var hosts = LabCertificateAuthority.ServerHosts(options.CoordinatorHosts ?? []);
        var root = Path.GetFullPath(options.OutputDirectory);
        if (File.Exists(root))
            throw new IOException($"{root}: output path is a file, not a folder.");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"{root}: output directory is not empty; refusing to overwrite keys.");
        var parent = Path.GetDirectoryName(root) ?? throw new IOException($"{root}: cannot provision into a file system root.");
        ProtectedFiles.CreatePrivateDirectory(parent);

        var staging = Path.Combine(parent, $".{Path.GetFileName(root)}.provisioning-{Guid.NewGuid():n}");
        ProtectedFiles.CreatePrivateDirectory(staging);
        try
        {
            var (caSha256, notAfter) = WriteLab(staging, options, suite, hosts);
            if (Directory.Exists(root))
                Directory.Delete(root); // empty, checked above; a folder that filled meanwhile makes this throw
            Directory.Move(staging, root);
            var clientKits = Enumerable.Range(1, options.Clients).Select(i => Path.Combine(root, ClientKitPath(options, i))).ToArray();
            var hostKits = Enumerable.Range(1, options.Hosts).Select(h => Path.Combine(root, ProvisionOptions.HostId(h, options.Hosts))).ToArray();
            return new ProvisionResult(Path.Combine(root, KitFiles.CoordinatorId), clientKits, caSha256, notAfter) { HostKits = hostKits };
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    // A client's kit folder, relative to the lab: client-NN, or host-H/client-NN when the clients are grouped into hosts.
    static string ClientKitPath(ProvisionOptions options, int client)
    {
        var id = ProvisionOptions.ClientId(client, options.Clients);
        return options.Hosts == 0 ? id : Path.Combine(ProvisionOptions.HostId(ProvisionOptions.HostOf(client, options.Clients, options.Hosts), options.Hosts), id);
    }

    static (string CaSha256, DateTimeOffset NotAfter) WriteLab(string root, ProvisionOptions options, Crypto.Suites.SuiteId suite, IReadOnlyList<string> hosts)
    {
        int clients = options.Clients, validityDays = options.ValidityDays;
        var coordinatorEnvelope = LabKeys.NewEnvelopeKeyPair(suite);
        var coordinatorSigning = LabKeys.NewSigningKeyPair();
        var inference = LabKeys.NewEnvelopeKeyPair(LabKeys.InferenceSuite);
        using var ca = LabCertificateAuthority.Create("FedHybrid lab CA " + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), TimeSpan.FromDays(validityDays));
        var created = DateTimeOffset.UtcNow;
        var caPem = ca.Certificate.ExportCertificatePem();
        var suiteName = Crypto.Suites.Suite.NameOf(suite);

        for (int h = 1; h <= options.Hosts; h++)
        {
            var hostId = ProvisionOptions.HostId(h, options.Hosts);
            var hostDir = Path.Combine(root, hostId);
            ProtectedFiles.CreatePrivateDirectory(hostDir);
            KitFileIO.WriteJson(Path.Combine(hostDir, KitFiles.Manifest), new KitManifest(KitManifest.CurrentVersion, KitKind.Host, hostId, suiteName, created, ca.NotAfter));
        }

        var admitted = new List<AdmittedClient>();
        for (int i = 1; i <= clients; i++)
        {
            var id = ProvisionOptions.ClientId(i, clients);
            var dir = Path.Combine(root, ClientKitPath(options, i));
            ProtectedFiles.CreatePrivateDirectory(dir);
            var certificate = ca.IssueClient(id);
            var envelope = LabKeys.NewEnvelopeKeyPair(suite);
            var signing = LabKeys.NewSigningKeyPair();
            KitFileIO.WriteJson(Path.Combine(dir, KitFiles.Manifest), new KitManifest(KitManifest.CurrentVersion, KitKind.Client, id, suiteName, created, ca.NotAfter));
            KitFileIO.WritePublic(Path.Combine(dir, KitFiles.CaCertificate), caPem);
            KitFileIO.WritePublic(Path.Combine(dir, KitFiles.ClientCertificate), certificate.CertificatePem);
            KitFileIO.WritePrivate(Path.Combine(dir, KitFiles.ClientKey), certificate.PrivateKeyPem);
            WriteKeyPair(dir, KitFiles.EnvelopePrivateKey(id), KitFiles.EnvelopePublicKey(id), envelope);
            WriteKeyPair(dir, KitFiles.SigningPrivateKey(id), KitFiles.SigningPublicKey(id), signing);
            KitFileIO.WritePublic(Path.Combine(dir, KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId)), coordinatorEnvelope.PublicKeyPem);
            KitFileIO.WritePublic(Path.Combine(dir, KitFiles.SigningPublicKey(KitFiles.CoordinatorId)), coordinatorSigning.PublicKeyPem);
            KitFileIO.WritePublic(Path.Combine(dir, KitFiles.InferencePublicKey), inference.PublicKeyPem);
            admitted.Add(new AdmittedClient(id, envelope.PublicKeySpki, signing.PublicKeySpki, certificate.Sha256));
            certificate.Certificate.Dispose();
        }

        var coordinatorDir = Path.Combine(root, KitFiles.CoordinatorId);
        ProtectedFiles.CreatePrivateDirectory(coordinatorDir);
        var server = ca.IssueServer("fedhybrid-coordinator", hosts);
        KitFileIO.WriteJson(Path.Combine(coordinatorDir, KitFiles.Manifest), new KitManifest(KitManifest.CurrentVersion, KitKind.Coordinator, KitFiles.CoordinatorId, suiteName, created, ca.NotAfter));
        KitFileIO.WritePublic(Path.Combine(coordinatorDir, KitFiles.CaCertificate), caPem);
        KitFileIO.WritePublic(Path.Combine(coordinatorDir, KitFiles.ServerCertificate), server.CertificatePem);
        KitFileIO.WritePrivate(Path.Combine(coordinatorDir, KitFiles.ServerKey), server.PrivateKeyPem);
        WriteKeyPair(coordinatorDir, KitFiles.EnvelopePrivateKey(KitFiles.CoordinatorId), KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId), coordinatorEnvelope);
        WriteKeyPair(coordinatorDir, KitFiles.SigningPrivateKey(KitFiles.CoordinatorId), KitFiles.SigningPublicKey(KitFiles.CoordinatorId), coordinatorSigning);
        WriteKeyPair(coordinatorDir, KitFiles.InferencePrivateKey, KitFiles.InferencePublicKey, inference);
        KitFileIO.WriteJson(Path.Combine(coordinatorDir, KitFiles.AdmittedClients), new AdmittedClientsDocument(suiteName, admitted));
        server.Certificate.Dispose();
        return (ca.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), ca.NotAfter);
    }

    public static void WriteKeyPair(string dir, string privateName, string publicName, PemKeyPair pair)
    {
        KitFileIO.WritePrivate(Path.Combine(dir, privateName), pair.PrivateKeyPem);
        KitFileIO.WritePublic(Path.Combine(dir, publicName), pair.PublicKeyPem);
    }
}
