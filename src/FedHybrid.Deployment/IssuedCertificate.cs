using System.Security.Cryptography.X509Certificates;

namespace FedHybrid.Deployment;

/// <summary>A certificate the lab CA issued and its private key (PKCS#8 PEM).</summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, string PrivateKeyPem)
{
    public string CertificatePem => Certificate.ExportCertificatePem();
    public string Sha256 => Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
}
