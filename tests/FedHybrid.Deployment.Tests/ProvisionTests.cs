using Xunit;
using System.Security.Cryptography.X509Certificates;
using FedHybrid.Deployment;

namespace FedHybrid.Deployment.Tests;

public sealed class ProvisionTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Provision_WritesLoadableKitsWhoseRegistryMatchesEachClient()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(3, _temp.Path, CoordinatorHosts: ["coord.lab.example", "10.213.47.1"]));

        Assert.Equal(3, result.ClientKits.Count);
        using var coordinator = CoordinatorKit.Load(result.CoordinatorKit);
        Assert.Equal(["client-01", "client-02", "client-03"], coordinator.AdmittedClients.Clients.Select(c => c.Id));
        foreach (var dir in result.ClientKits)
        {
            using var client = ClientKit.Load(dir);
            var admitted = Assert.Single(coordinator.AdmittedClients.Clients, c => c.Id == client.ClientId);
            Assert.Equal(admitted.EnvelopePublicKey, client.EnvelopeKey.PublicKeySpki);
            Assert.Equal(admitted.SigningPublicKey, client.SigningKey.PublicKeySpki);
            Assert.Equal(admitted.CertificateSha256, client.ClientCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
            Assert.Equal(coordinator.EnvelopeKey.PublicKeySpki, client.CoordinatorEnvelopePublicKey);
            Assert.Equal(coordinator.SigningKey.PublicKeySpki, client.CoordinatorSigningPublicKey);
            Assert.Equal(client.ClientId, LabCertificateValidator.ClientIdOf(client.ClientCertificate));
            Assert.True(coordinator.CreateIdentityRegistry().Find(client.ClientId)!.SameKeysAs(client.Identity));
            Assert.True(client.CoordinatorIdentity.SameKeysAs(coordinator.Identity));
            Assert.Equal(coordinator.CaCertificate.RawData, client.CaCertificate.RawData);
        }
    }

    [Fact]
    public void Provision_ServerCertificateNamesTheGivenHostsAndLoopback()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path, CoordinatorHosts: ["coord.lab.example", "10.213.47.1"]));
        using var kit = CoordinatorKit.Load(result.CoordinatorKit);

        var san = kit.ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("coord.lab.example", san.EnumerateDnsNames());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        var ips = san.EnumerateIPAddresses().Select(ip => ip.ToString()).ToList();
        Assert.Contains("10.213.47.1", ips);
        Assert.Contains("127.0.0.1", ips);
        Assert.True(kit.ServerCertificate.HasPrivateKey);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Provision_PrivateKeyFilesAreOwnerOnly_PublicFilesAreReadable()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("Unix file modes only.");
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        foreach (var dir in result.ClientKits.Append(result.CoordinatorKit))
        {
            foreach (var file in Directory.GetFiles(dir))
            {
                var mode = File.GetUnixFileMode(file);
                if (file.EndsWith(".key", StringComparison.Ordinal) || file.EndsWith(".key.pem", StringComparison.Ordinal))
                    Assert.True(mode == ownerOnly, $"{file} has mode {mode}");
                else
                    Assert.True((mode & UnixFileMode.OtherRead) != 0, $"{file} has mode {mode}");
            }
        }
        // Coordinator: TLS, envelope, signing and inference keys; client: TLS, envelope and signing keys.
        Assert.Equal(7, Directory.GetFiles(result.CoordinatorKit, "*.key*").Length + Directory.GetFiles(result.ClientKits[0], "*.key*").Length);
    }

    [Theory]
    [InlineData("hpke-p256-aes256gcm")]
    [InlineData("rsa4096-oaep-aes256gcm")]
    [InlineData("pq-xwing-aes256gcm")]
    public void Provision_OtherSuites_MakeMatchingEnvelopeKeys(string suite)
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path, suite));
        using var client = ClientKit.Load(result.ClientKits[0]);
        Assert.Equal(suite, client.Manifest.Suite);
        using var coordinator = CoordinatorKit.Load(result.CoordinatorKit);
        Assert.Equal(suite, coordinator.AdmittedClients.Suite);
        // The kit's keys are usable by the crypto layer: a stanza wrapped to the coordinator opens with its key.
        using var identity = coordinator.OpenEnvelopeIdentity();
        var recipient = Crypto.Suites.Suite.ImportRecipient(client.Suite, client.CoordinatorEnvelopePublicKey);
        byte[] fileKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        Assert.Equal(fileKey, identity.Unwrap(recipient.Wrap(fileKey, "ctx"u8), "ctx"u8));
    }

    [Fact]
    public void Provision_RefusesPlaintextSuite_AndWritesNothing()
    {
        var e = Assert.Throws<ArgumentException>(() => LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path, "none")));
        Assert.Contains("plaintext", e.Message);
        Assert.False(Directory.Exists(_temp.Path));
    }

    [Theory]
    [InlineData("bad host!")]
    [InlineData("coord..example")]
    public void Provision_BadCoordinatorHost_IsRefusedBeforeAnythingIsWritten(string host)
    {
        var e = Assert.Throws<ArgumentException>(() => LabProvisioner.Provision(new ProvisionOptions(2, _temp.Sub("kits"), CoordinatorHosts: ["coord.lab.example", host])));
        Assert.Contains($"'{host}' is neither an IP address nor a DNS host name", e.Message);
        Assert.False(Directory.Exists(_temp.Path), "provision wrote something before refusing");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProvisionOptions.MaxClients + 1)]
    public void Provision_ClientCountOutsideWhatAConfigCanName_IsRefused(int clients)
    {
        var e = Assert.Throws<ArgumentException>(() => LabProvisioner.Provision(new ProvisionOptions(clients, _temp.Sub("kits"))));
        Assert.Contains($"--clients must be between 1 and {ProvisionOptions.MaxClients}", e.Message);
        Assert.False(Directory.Exists(_temp.Path));
    }

    [Fact]
    public void Provision_WritesIntoAStagingFolderThatIsRenamedIntoPlace()
    {
        Directory.CreateDirectory(_temp.Sub("kits")); // an empty output folder is allowed
        var result = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Sub("kits")));
        Assert.Equal([_temp.Sub("kits")], Directory.GetFileSystemEntries(_temp.Path));
        Assert.Equal(_temp.Sub(Path.Combine("kits", "coordinator")), result.CoordinatorKit);
        Assert.All(result.ClientKits, kit => Assert.True(Directory.Exists(kit), kit));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Provision_FoldersAreOwnerOnly_PublicFilesExactly0644()
    {
        if (OperatingSystem.IsWindows())
            Assert.Skip("Unix file modes only.");
        var result = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Sub("kits")));
        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode publicFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var dir in result.ClientKits.Append(result.CoordinatorKit).Append(_temp.Sub("kits")))
            Assert.Equal(folder, File.GetUnixFileMode(dir));
        foreach (var file in Directory.GetFiles(_temp.Sub("kits"), "*", SearchOption.AllDirectories).Where(f => !f.Contains(".key", StringComparison.Ordinal)))
            Assert.True(File.GetUnixFileMode(file) == publicFile, $"{file}: {File.GetUnixFileMode(file)}");
    }

    [Fact]
    public void Provision_RefusesNonEmptyOutputDirectory()
    {
        LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        Assert.Throws<IOException>(() => LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path)));
    }

    [Theory]
    [InlineData(KitFiles.ClientKey)]
    [InlineData("client-01.envelope.key.pem")]
    [InlineData("coordinator.signing.pub.pem")]
    [InlineData(KitFiles.CaCertificate)]
    public void LoadClientKit_MissingFile_NamesIt(string file)
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        File.Delete(Path.Combine(result.ClientKits[0], file));

        var e = Assert.Throws<KitLoadException>(() => ClientKit.Load(result.ClientKits[0]));
        Assert.Equal(Path.Combine(result.ClientKits[0], file), e.FilePath);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void LoadClientKit_EnvelopeKeyOfAnotherClient_IsRejectedNamingTheKeyFile()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(2, _temp.Path));
        var target = Path.Combine(result.ClientKits[0], KitFiles.EnvelopePrivateKey("client-01"));
        File.WriteAllText(target, File.ReadAllText(Path.Combine(result.ClientKits[1], KitFiles.EnvelopePrivateKey("client-02"))));

        var e = Assert.Throws<KitLoadException>(() => ClientKit.Load(result.ClientKits[0]));
        Assert.Equal(target, e.FilePath);
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void LoadClientKit_CertificateFromAnotherLab_IsRejected()
    {
        var first = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("a")));
        var second = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("b")));
        File.Copy(Path.Combine(second.ClientKits[0], KitFiles.ClientCertificate), Path.Combine(first.ClientKits[0], KitFiles.ClientCertificate), overwrite: true);
        File.Copy(Path.Combine(second.ClientKits[0], KitFiles.ClientKey), Path.Combine(first.ClientKits[0], KitFiles.ClientKey), overwrite: true);

        var e = Assert.Throws<KitLoadException>(() => ClientKit.Load(first.ClientKits[0]));
        Assert.EndsWith(KitFiles.ClientCertificate, e.FilePath);
        Assert.Contains("lab CA", e.Message);
    }

    [Fact]
    public void LoadCoordinatorKit_GarbledPem_NamesTheFile()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        var target = Path.Combine(result.CoordinatorKit, KitFiles.SigningPublicKey(KitFiles.CoordinatorId));
        File.WriteAllText(target, "not a key");

        var e = Assert.Throws<KitLoadException>(() => CoordinatorKit.Load(result.CoordinatorKit));
        Assert.Equal(target, e.FilePath);
    }

    [Fact]
    public void LoadCoordinatorKit_FromAClientFolder_SaysWhichKindItIs()
    {
        var result = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Path));
        var e = Assert.Throws<KitLoadException>(() => CoordinatorKit.Load(result.ClientKits[0]));
        Assert.Contains("Client kit, not a coordinator kit", e.Message);
    }
}
