using System.Security.Cryptography.X509Certificates;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Security;

namespace FedHybrid.Deployment;

/// <summary>A client's kit folder, loaded and checked: the lab CA, the client's certificate with
/// its key, its envelope and signing keys, and the coordinator's public keys.</summary>
public sealed class ClientKit : IDisposable
{
    ClientKit(string directory, KitManifest manifest, X509Certificate2 ca, X509Certificate2 client,
        PemKeyPair envelope, PemKeyPair signing, byte[] coordinatorEnvelope, byte[] coordinatorSigning)
    {
        Directory = directory;
        Manifest = manifest;
        CaCertificate = ca;
        ClientCertificate = client;
        EnvelopeKey = envelope;
        SigningKey = signing;
        CoordinatorEnvelopePublicKey = coordinatorEnvelope;
        CoordinatorSigningPublicKey = coordinatorSigning;
        Validator = new LabCertificateValidator(ca);
    }

    public string Directory { get; }
    public KitManifest Manifest { get; }
    /// <summary>The client id: the CN of <see cref="ClientCertificate"/>.</summary>
    public string ClientId => Manifest.Id;
    public X509Certificate2 CaCertificate { get; }
    /// <summary>The TLS client certificate, with its private key.</summary>
    public X509Certificate2 ClientCertificate { get; }
    public PemKeyPair EnvelopeKey { get; }
    public PemKeyPair SigningKey { get; }
    /// <summary>SubjectPublicKeyInfo DER of the coordinator's envelope key.</summary>
    public byte[] CoordinatorEnvelopePublicKey { get; }
    public byte[] CoordinatorSigningPublicKey { get; }
    public LabCertificateValidator Validator { get; }

    public SuiteId Suite => LabKeys.ParseSuite(Manifest.Suite);

    /// <summary>This client's public identity, as it presents it at join.</summary>
    public PublicIdentity Identity => new(ClientId, EnvelopeKey.PublicKeySpki, SigningKey.PublicKeySpki);

    /// <summary>The coordinator this kit was provisioned for.</summary>
    public PublicIdentity CoordinatorIdentity => new(KitFiles.CoordinatorId, CoordinatorEnvelopePublicKey, CoordinatorSigningPublicKey);

    /// <summary>This client's envelope private key; the caller disposes it.</summary>
    public IIdentity OpenEnvelopeIdentity() => KitKeys.OpenEnvelopeIdentity(Suite, EnvelopeKey);

    /// <summary>This client's signing key; the caller disposes it.</summary>
    public ISigningKey OpenSigningKey() => KitKeys.OpenSigningKey(SigningKey);

    public static ClientKit Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new KitLoadException(directory, "kit folder does not exist.");
        var manifestPath = Path.Combine(directory, KitFiles.Manifest);
        var manifest = KitFileIO.ReadJson<KitManifest>(directory, KitFiles.Manifest);
        if (manifest.Kind != KitKind.Client)
            throw new KitLoadException(manifestPath, $"is a {manifest.Kind} kit, not a client kit.");
        var suite = KitFileIO.ReadSuite(directory, manifest);
        var ca = KitFileIO.ReadCertificate(directory, KitFiles.CaCertificate);
        var client = KitFileIO.ReadCertificateWithKey(directory, KitFiles.ClientCertificate, KitFiles.ClientKey);
        var certificatePath = Path.Combine(directory, KitFiles.ClientCertificate);
        var problem = new LabCertificateValidator(ca).ValidateClient(client);
        if (problem is not null)
            throw new KitLoadException(certificatePath, problem);
        if (LabCertificateValidator.ClientIdOf(client) != manifest.Id)
            throw new KitLoadException(certificatePath, $"names client '{LabCertificateValidator.ClientIdOf(client)}' but {KitFiles.Manifest} says '{manifest.Id}'.");
        var envelope = KitFileIO.ReadKeyPair(directory, KitFiles.EnvelopePrivateKey(manifest.Id), KitFiles.EnvelopePublicKey(manifest.Id), suite);
        var signing = KitFileIO.ReadKeyPair(directory, KitFiles.SigningPrivateKey(manifest.Id), KitFiles.SigningPublicKey(manifest.Id), null);
        var coordinatorEnvelope = KitFileIO.ReadPublicKey(directory, KitFiles.EnvelopePublicKey(KitFiles.CoordinatorId), suite);
        var coordinatorSigning = KitFileIO.ReadPublicKey(directory, KitFiles.SigningPublicKey(KitFiles.CoordinatorId), null);
        return new ClientKit(directory, manifest, ca, client, envelope, signing, coordinatorEnvelope, coordinatorSigning);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ClientCertificate.Dispose();
    }
}
