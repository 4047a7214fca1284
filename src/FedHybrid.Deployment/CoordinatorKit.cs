using System.Security.Cryptography.X509Certificates;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Deployment;

/// <summary>The coordinator's kit folder, loaded and checked: the lab CA, the server certificate
/// with its key, the coordinator's envelope and signing keys, and the clients it admits.</summary>
public sealed class CoordinatorKit : IDisposable
{
    CoordinatorKit(string directory, KitManifest manifest, X509Certificate2 ca, X509Certificate2 server,
        PemKeyPair envelope, PemKeyPair signing, AdmittedClientsDocument clients)
    {
        Directory = directory;
        Manifest = manifest;
        CaCertificate = ca;
        ServerCertificate = server;
        EnvelopeKey = envelope;
        SigningKey = signing;
        AdmittedClients = clients;
        Validator = new LabCertificateValidator(ca);
    }

    public string Directory { get; }
    public KitManifest Manifest { get; }
    public X509Certificate2 CaCertificate { get; }
    /// <summary>The TLS server certificate, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }
    public PemKeyPair EnvelopeKey { get; }
    public PemKeyPair SigningKey { get; }
    public AdmittedClientsDocument AdmittedClients { get; }
    public LabCertificateValidator Validator { get; }

    public SuiteId Suite => LabKeys.ParseSuite(Manifest.Suite);

    /// <summary>The coordinator's public identity, as clients expect it at join.</summary>
    public PublicIdentity Identity => new(Manifest.Id, EnvelopeKey.PublicKeySpki, SigningKey.PublicKeySpki);

    /// <summary>The clients admitted at join: exactly those provisioned, with exactly their keys.</summary>
    public IIdentityRegistry CreateIdentityRegistry() =>
        new IdentityRegistry(AdmittedClients.Clients.Select(c => new PublicIdentity(c.Id, c.EnvelopePublicKey, c.SigningPublicKey)));

    /// <summary>The coordinator's envelope private key; the caller disposes it.</summary>
    public IIdentity OpenEnvelopeIdentity() => KitKeys.OpenEnvelopeIdentity(Suite, EnvelopeKey);

    /// <summary>The coordinator's signing key; the caller disposes it.</summary>
    public ISigningKey OpenSigningKey() => KitKeys.OpenSigningKey(SigningKey);

    public static CoordinatorKit Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new KitLoadException(directory, "kit folder does not exist.");
        var manifest = KitFileIO.ReadJson<KitManifest>(directory, KitFiles.Manifest);
        if (manifest.Kind != KitKind.Coordinator)
            throw new KitLoadException(Path.Combine(directory, KitFiles.Manifest), $"is a {manifest.Kind} kit, not a coordinator kit.");
        var suite = KitFileIO.ReadSuite(directory, manifest);
        var ca = KitFileIO.ReadCertificate(directory, KitFiles.CaCertificate);
        var server = KitFileIO.ReadCertificateWithKey(directory, KitFiles.ServerCertificate, KitFiles.ServerKey);
        var problem = new LabCertificateValidator(ca).ValidateServer(server);
        if (problem is not null)
            throw new KitLoadException(Path.Combine(directory, KitFiles.ServerCertificate), problem);
        var envelope = KitFileIO.ReadKeyPair(directory, KitFiles.EnvelopePrivateKey(KitFiles.CoordinatorId), KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId), suite);
        var signing = KitFileIO.ReadKeyPair(directory, KitFiles.SigningPrivateKey(KitFiles.CoordinatorId), KitFiles.SigningPublicKey(KitFiles.CoordinatorId), null);
        var clients = KitFileIO.ReadJson<AdmittedClientsDocument>(directory, KitFiles.AdmittedClients);
        if (clients.Clients is null || clients.Clients.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != clients.Clients.Count)
            throw new KitLoadException(Path.Combine(directory, KitFiles.AdmittedClients), "must list each client id exactly once.");
        return new CoordinatorKit(directory, manifest, ca, server, envelope, signing, clients);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
