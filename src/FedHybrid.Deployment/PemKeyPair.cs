namespace FedHybrid.Deployment;

/// <summary>A key pair as files hold it: the private key as PKCS#8 PEM, the public key as
/// SubjectPublicKeyInfo DER (PEM "PUBLIC KEY" on disk).</summary>
public sealed record PemKeyPair(string PrivateKeyPem, byte[] PublicKeySpki)
{
    public string PublicKeyPem => System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", PublicKeySpki);
}
