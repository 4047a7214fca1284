namespace FedHybrid.Federation.Lab;

/// <summary>The file names inside a kit folder. One place, so provisioning, loading and the
/// deployment guide cannot drift apart.</summary>
public static class KitFiles
{
    public const string Manifest = "kit.json";
    public const string CaCertificate = "ca.crt";
    public const string ServerCertificate = "server.crt";
    public const string ServerKey = "server.key";
    public const string ClientCertificate = "client.crt";
    public const string ClientKey = "client.key";
    public const string EnvelopePrivateKey = "envelope.key";
    public const string EnvelopePublicKey = "envelope.pub";
    public const string SigningPrivateKey = "signing.key";
    public const string SigningPublicKey = "signing.pub";
    public const string CoordinatorEnvelopePublicKey = "coordinator-envelope.pub";
    public const string CoordinatorSigningPublicKey = "coordinator-signing.pub";
    public const string AdmittedClients = "clients.json";

    /// <summary>The coordinator's kit folder inside a provisioning output directory.</summary>
    public const string CoordinatorFolder = "coordinator";
}
