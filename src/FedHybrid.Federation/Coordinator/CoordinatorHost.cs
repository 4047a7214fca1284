using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FedHybrid.Federation.Coordinator;

/// <summary>Kestrel hosting the coordinator service, grpc.health.v1 and server reflection.</summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    readonly WebApplication _app;

    CoordinatorHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The URL clients connect to (with the actual port when port 0 was asked for).</summary>
    public Uri Address { get; }

    public static async Task<CoordinatorHost> StartAsync(StageEngine engine, CoordinatorHostOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        int maxMessage = engine.MaxMessageBytes;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // updates are chunked streams; limits are per message
            kestrel.Listen(options.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.ConfigureHttps is { } https) listen.UseHttps(https);
            });
        });
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(new CoordinatorEndpoint(engine));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = maxMessage;
            grpc.MaxSendMessageSize = maxMessage;
        });
        // Answer health checks from a live check of the coordinator rather than a periodically published cache.
        builder.Services.AddGrpcHealthChecks(health => health.UseHealthChecksCache = false)
            .AddCheck("coordinator", () => HealthCheckResult.Healthy("accepting clients"));
        builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcService<CoordinatorService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound);
        var scheme = options.ConfigureHttps is null ? "http" : "https";
        var host = options.Listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{options.Listen.Address}]" : options.Listen.Address.ToString();
        return new CoordinatorHost(app, new Uri($"{scheme}://{host}:{uri.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
