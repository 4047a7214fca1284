using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FedHybrid.Deployment;

/// <summary>Checks that a peer's certificate was issued by this lab's CA (and by nothing the
/// operating system trusts), is within its validity period and carries the expected extended key
/// usage. Offline labs have no CRL or OCSP responder, so revocation is not checked: revoking means
/// provisioning again.</summary>
public sealed class LabCertificateValidator
{
    readonly X509Certificate2 _ca;

    public LabCertificateValidator(X509Certificate2 caCertificate)
    {
        _ca = caCertificate;
    }

    public X509Certificate2 CaCertificate => _ca;

    /// <summary>Null when valid; otherwise why not (for logs).</summary>
    public string? ValidateClient(X509Certificate2? certificate) => Validate(certificate, LabCertificateAuthority.ClientAuthOid);

    public string? ValidateServer(X509Certificate2? certificate) => Validate(certificate, LabCertificateAuthority.ServerAuthOid);

    string? Validate(X509Certificate2? certificate, string ekuOid)
    {
        if (certificate is null)
            return "no certificate presented";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ekuOid));
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        try
        {
            if (!chain.Build(certificate))
            {
                var status = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
                return $"certificate '{certificate.Subject}' does not chain to the lab CA with {ekuOid}: {string.Join(", ", status)}";
            }
            // CustomRootTrust already anchors at _ca; compare anyway so a future policy change cannot widen trust.
            var root = chain.ChainElements[^1].Certificate;
            return root.RawDataMemory.Span.SequenceEqual(_ca.RawDataMemory.Span) ? null : "chain does not end at the lab CA";
        }
        finally
        {
            foreach (var element in chain.ChainElements)
                if (!ReferenceEquals(element.Certificate, certificate) && !ReferenceEquals(element.Certificate, _ca))
                    element.Certificate.Dispose();
        }
    }

    /// <summary>The client id a lab client certificate names (its CN).</summary>
    public static string ClientIdOf(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
}
