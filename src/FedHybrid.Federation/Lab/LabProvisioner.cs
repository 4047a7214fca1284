namespace FedHybrid.Federation.Lab;

/// <summary>Makes a lab: a throw-away CA, a coordinator kit and one kit per client, each a folder
/// that can be copied to its machine as is.</summary>
public static class LabProvisioner
{
    public static ProvisionResult Provision(ProvisionOptions options)
    {
        if (options.Clients < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Clients, "--clients must be at least 1.");
        if (options.ValidityDays < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidityDays, "validity must be at least one day.");
        // Fail on a bad suite before writing anything.
        var suite = LabKeys.ParseSuite(options.Suite);
        var coordinatorEnvelope = LabKeys.NewEnvelopeKeyPair(suite);
        var coordinatorSigning = LabKeys.NewSigningKeyPair();
        var inference = LabKeys.NewEnvelopeKeyPair(LabKeys.InferenceSuite);

        var root = Path.GetFullPath(options.OutputDirectory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"{root}: output directory is not empty; refusing to overwrite keys.");
        Directory.CreateDirectory(root);

        using var ca = LabCertificateAuthority.Create("FedHybrid lab CA " + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), TimeSpan.FromDays(options.ValidityDays));
        var created = DateTimeOffset.UtcNow;
        var caPem = ca.Certificate.ExportCertificatePem();

        var clientKits = new List<string>();
        var admitted = new List<AdmittedClient>();
        for (int i = 1; i <= options.Clients; i++)
        {
            var id = ProvisionOptions.ClientId(i, options.Clients);
            var dir = Path.Combine(root, id);
            Directory.CreateDirectory(dir);
            var certificate = ca.IssueClient(id);
            var envelope = LabKeys.NewEnvelopeKeyPair(suite);
            var signing = LabKeys.NewSigningKeyPair();
            KitFileIO.WriteJson(Path.Combine(dir, KitFiles.Manifest), new KitManifest(KitManifest.CurrentVersion, KitKind.Client, id, Crypto.Suites.Suite.NameOf(suite), created, ca.NotAfter));
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
            clientKits.Add(dir);
        }

        var coordinatorDir = Path.Combine(root, KitFiles.CoordinatorId);
        Directory.CreateDirectory(coordinatorDir);
        var server = ca.IssueServer("fedhybrid-coordinator", options.CoordinatorHosts ?? []);
        KitFileIO.WriteJson(Path.Combine(coordinatorDir, KitFiles.Manifest), new KitManifest(KitManifest.CurrentVersion, KitKind.Coordinator, KitFiles.CoordinatorId, Crypto.Suites.Suite.NameOf(suite), created, ca.NotAfter));
        KitFileIO.WritePublic(Path.Combine(coordinatorDir, KitFiles.CaCertificate), caPem);
        KitFileIO.WritePublic(Path.Combine(coordinatorDir, KitFiles.ServerCertificate), server.CertificatePem);
        KitFileIO.WritePrivate(Path.Combine(coordinatorDir, KitFiles.ServerKey), server.PrivateKeyPem);
        WriteKeyPair(coordinatorDir, KitFiles.EnvelopePrivateKey(KitFiles.CoordinatorId), KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId), coordinatorEnvelope);
        WriteKeyPair(coordinatorDir, KitFiles.SigningPrivateKey(KitFiles.CoordinatorId), KitFiles.SigningPublicKey(KitFiles.CoordinatorId), coordinatorSigning);
        WriteKeyPair(coordinatorDir, KitFiles.InferencePrivateKey, KitFiles.InferencePublicKey, inference);
        KitFileIO.WriteJson(Path.Combine(coordinatorDir, KitFiles.AdmittedClients), new AdmittedClientsDocument(Crypto.Suites.Suite.NameOf(suite), admitted));
        server.Certificate.Dispose();

        return new ProvisionResult(coordinatorDir, clientKits, ca.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), ca.NotAfter);
    }

    internal static void WriteKeyPair(string dir, string privateName, string publicName, PemKeyPair pair)
    {
        KitFileIO.WritePrivate(Path.Combine(dir, privateName), pair.PrivateKeyPem);
        KitFileIO.WritePublic(Path.Combine(dir, publicName), pair.PublicKeyPem);
    }
}
