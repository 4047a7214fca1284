using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FedHybrid.Deployment;

/// <summary>A small ECDSA P-256 certificate authority that lives only while a lab is provisioned:
/// it issues one server certificate and one client certificate per participant, then is disposed.
/// Its private key never touches disk; adding a client later means provisioning again.</summary>
public sealed class LabCertificateAuthority : IDisposable
{
    /// <summary>id-kp-serverAuth.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    /// <summary>id-kp-clientAuth.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    readonly ECDsa _key;

    LabCertificateAuthority(ECDsa key, X509Certificate2 certificate, DateTimeOffset notAfter)
    {
        _key = key;
        Certificate = certificate;
        NotAfter = notAfter;
    }

    /// <summary>The CA certificate (public part only), what every kit trusts.</summary>
    public X509Certificate2 Certificate { get; }

    public DateTimeOffset NotAfter { get; }

    public static LabCertificateAuthority Create(string name, TimeSpan validity)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(name)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.Add(validity);
        using var selfSigned = request.CreateSelfSigned(notBefore, notAfter);
        var publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        return new LabCertificateAuthority(key, publicOnly, notAfter);
    }

    /// <summary>The coordinator's TLS certificate: serverAuth, with SANs for every host name and
    /// IP address given plus localhost and 127.0.0.1 / ::1.</summary>
    public IssuedCertificate IssueServer(string commonName, IEnumerable<string> hosts)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in ServerHosts(hosts))
        {
            if (IPAddress.TryParse(host, out var ip))
                san.AddIpAddress(ip);
            else
                san.AddDnsName(host);
        }
        return Issue(commonName, ServerAuthOid, san.Build());
    }

    /// <summary>The server certificate's names: <paramref name="hosts"/> trimmed and without repeats,
    /// then localhost and the loopback addresses. Throws on a name that is neither an IP address nor a
    /// DNS host name, so a caller can check the hosts before it writes anything.</summary>
    public static IReadOnlyList<string> ServerHosts(IEnumerable<string> hosts)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in hosts.Concat(["localhost", "127.0.0.1", "::1"]))
        {
            var trimmed = host.Trim();
            if (trimmed.Length == 0 || !seen.Add(trimmed))
                continue;
            if (!IPAddress.TryParse(trimmed, out _) && Uri.CheckHostName(trimmed) != UriHostNameType.Dns)
                throw new ArgumentException($"--coordinator-host: '{trimmed}' is neither an IP address nor a DNS host name.");
            names.Add(trimmed);
        }
        return names;
    }

    /// <summary>A participant's TLS client certificate: CN = client id, clientAuth only.</summary>
    public IssuedCertificate IssueClient(string clientId) => Issue(clientId, ClientAuthOid, null);

    IssuedCertificate Issue(string commonName, string ekuOid, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ekuOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (san is not null)
            request.CertificateExtensions.Add(san);

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        using var issued = request.Create(Certificate.SubjectName, generator, notBefore, NotAfter.AddMinutes(-1), serial);
        var certificate = X509CertificateLoader.LoadCertificate(issued.RawData);
        return new IssuedCertificate(certificate, key.ExportPkcs8PrivateKeyPem());
    }

    // Ids and host names are plain tokens; refuse anything that would change the DN's meaning.
    static string Escape(string value)
    {
        if (value.Length == 0 || value.IndexOfAny([',', '+', '=', '"', '\\', '<', '>', ';', '\n', '\r']) >= 0)
            throw new ArgumentException($"'{value}' cannot be used as a certificate common name (empty or contains a DN special character).");
        return value;
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
