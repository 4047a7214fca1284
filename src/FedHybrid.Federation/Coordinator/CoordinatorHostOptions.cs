using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Where and how the coordinator listens. Without <see cref="ConfigureHttps"/> it speaks
/// plaintext HTTP/2 (loopback simulations); a lab deployment sets it to serve mutual TLS.</summary>
public sealed record CoordinatorHostOptions
{
    /// <summary>Address to listen on; port 0 picks a free port (see <see cref="CoordinatorHost.Address"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>TLS settings (certificate, client-certificate mode and validation), or null for h2c.</summary>
    public Action<HttpsConnectionAdapterOptions>? ConfigureHttps { get; init; }
}
