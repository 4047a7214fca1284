namespace FedHybrid.Deployment;

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
    // Key files are named after their holder exactly as FedHybrid.Federation.Security.ParticipantKeys
    // names them, so ParticipantKeys.Load(kitFolder, id, suite) opens a kit's keys directly.
    public static string EnvelopePrivateKey(string id) => $"{id}.envelope.key.pem";
    public static string EnvelopePublicKey(string id) => $"{id}.envelope.pub.pem";
    public static string SigningPrivateKey(string id) => $"{id}.signing.key.pem";
    public static string SigningPublicKey(string id) => $"{id}.signing.pub.pem";
    public const string AdmittedClients = "clients.json";
    /// <summary>The sealed-inference key pair (X25519, whatever the lab's suite): its own key, so that
    /// serving a model never uses the key that opens the federation's updates. The public half is in
    /// every client kit too.</summary>
    public const string InferencePrivateKey = "coordinator.inference.key.pem";
    public const string InferencePublicKey = "coordinator.inference.pub.pem";

    /// <summary>The coordinator's id (as the round engine names it) and its kit folder's name.</summary>
    public const string CoordinatorId = "coordinator";
}
