using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace FedHybrid.Deployment;

/// <summary>Mutual TLS for a lab: the server requires a client certificate from the lab CA and
/// refuses the handshake otherwise; the client presents its certificate and accepts only a server
/// certificate from the same CA for the host it dialled.</summary>
public static class LabTls
{
    const SslProtocols Protocols = SslProtocols.Tls13 | SslProtocols.Tls12;

    /// <summary>Configures one Kestrel endpoint for HTTP/2 over mutual TLS.</summary>
    public static void UseLabMutualTls(this ListenOptions listen, X509Certificate2 serverCertificate, LabCertificateValidator validator,
        Action<string>? onRejected = null)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(https => ConfigureServer(https, serverCertificate, validator, onRejected));
    }

    public static void ConfigureServer(HttpsConnectionAdapterOptions https, X509Certificate2 serverCertificate, LabCertificateValidator validator,
        Action<string>? onRejected = null)
    {
        https.ServerCertificate = serverCertificate;
        https.SslProtocols = Protocols;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.CheckCertificateRevocation = false;
        https.ClientCertificateValidation = (certificate, _, _) =>
        {
            // The platform's verdict (against the OS store) is irrelevant: only the lab CA counts.
            var problem = validator.ValidateClient(certificate);
            if (problem is not null)
                onRejected?.Invoke(problem);
            return problem is null;
        };
    }

    public static void ConfigureServer(HttpsConnectionAdapterOptions https, CoordinatorKit kit, Action<string>? onRejected = null) =>
        ConfigureServer(https, kit.ServerCertificate, kit.Validator, onRejected);

    /// <summary>An HTTP handler that presents <paramref name="clientCertificate"/> (may be null,
    /// which a lab server refuses) and trusts only lab-CA server certificates.</summary>
    public static SocketsHttpHandler CreateClientHandler(X509Certificate2? clientCertificate, LabCertificateValidator validator)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // Host name checking is the platform's; chain and EKU are the lab's.
                if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
                    return false;
                return certificate is X509Certificate2 x509 && validator.ValidateServer(x509) is null;
            },
        };
        if (clientCertificate is not null)
            ssl.ClientCertificates = [clientCertificate];
        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public static SocketsHttpHandler CreateClientHandler(ClientKit kit) => CreateClientHandler(kit.ClientCertificate, kit.Validator);
}
