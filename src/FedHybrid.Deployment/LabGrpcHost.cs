using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedHybrid.Deployment;

/// <summary>A Kestrel gRPC host on one endpoint that serves grpc.health.v1 plus whatever the
/// caller maps: over lab mutual TLS, or over cleartext HTTP/2 (loopback benchmarks only).</summary>
public sealed class LabGrpcHost : IAsyncDisposable
{
    readonly WebApplication _app;

    LabGrpcHost(WebApplication app) => _app = app;

    /// <summary>The bound endpoint (resolves port 0), e.g. "https://127.0.0.1:41234".</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        .Replace("[::]", "localhost").Replace("0.0.0.0", "localhost"));

    public IServiceProvider Services => _app.Services;

    /// <summary>Mutual TLS with <paramref name="serverCertificate"/>; clients must hold a lab certificate.</summary>
    public static Task<LabGrpcHost> StartMutualTlsAsync(IPEndPoint endpoint, X509Certificate2 serverCertificate, LabCertificateValidator validator,
        Action<IServiceCollection> services, Action<WebApplication> map, Action<string>? onRejected = null, CancellationToken cancellationToken = default) =>
        StartAsync(endpoint, listen => listen.UseLabMutualTls(serverCertificate, validator, onRejected), services, map, cancellationToken);

    /// <summary>Cleartext HTTP/2: for measuring on loopback what TLS does not change, and for health probes.</summary>
    public static Task<LabGrpcHost> StartCleartextAsync(IPEndPoint endpoint, Action<IServiceCollection> services, Action<WebApplication> map,
        CancellationToken cancellationToken = default) =>
        StartAsync(endpoint, listen => listen.Protocols = HttpProtocols.Http2, services, map, cancellationToken);

    static async Task<LabGrpcHost> StartAsync(IPEndPoint endpoint, Action<ListenOptions> configure, Action<IServiceCollection> services,
        Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, configure));
        builder.Services.AddGrpc();
        // "Serving" once the host is up; services that need more register their own checks.
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        services(builder.Services);
        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        map(app);
        await app.StartAsync(cancellationToken);
        return new LabGrpcHost(app);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
