namespace FedHybrid.Deployment;

/// <summary>One client the coordinator was provisioned with: its id (the CN of its TLS
/// certificate), its envelope and signing public keys (SubjectPublicKeyInfo DER) and the SHA-256
/// of its certificate.</summary>
public sealed record AdmittedClient(string Id, byte[] EnvelopePublicKey, byte[] SigningPublicKey, string CertificateSha256);
