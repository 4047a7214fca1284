using System.Net;
using System.Text.Json;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedHybrid.Experiments.Live;

/// <summary>
/// The live page of a running experiment: plain HTTP/1.1 (a browser speaks no h2c, so not on the
/// coordinator's port), GET only, nothing that changes state. It serves the page, its script and style
/// (all from this assembly, nothing from elsewhere) and state.json, which the page polls; that is read
/// from the stage engine's own records at each request. On loopback only loopback host names are
/// answered, so a web page cannot read it through DNS rebinding.
/// </summary>
public sealed class LivePageHost : IAsyncDisposable
{
    public const string StatePath = "/state.json";

    static readonly JsonSerializerOptions Json = new(RunFileNaming.Json) { WriteIndented = false };

    /// <summary>Strict: only this process's files, no inline script or style, never framed.</summary>
    const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    readonly WebApplication _app;

    LivePageHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The page's URL (with the actual port when port 0 was asked for).</summary>
    public Uri Address { get; }

    public static async Task<LivePageHost> StartAsync(ExperimentConfig config, StageEngine engine, IPEndPoint listen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(listen);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen, l => l.Protocols = HttpProtocols.Http1));
        bool loopback = IPAddress.IsLoopback(listen.Address);
        builder.Services.AddHostFiltering(filter =>
        {
            filter.AllowedHosts = loopback ? ["localhost", "127.0.0.1", "[::1]"] : ["*"];
            filter.IncludeFailureMessage = false;
        });
        var app = builder.Build();
        app.UseHostFiltering();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        var page = LivePageFiles.Read("live.html");
        var script = LivePageFiles.Read("live.js");
        var style = LivePageFiles.Read("live.css");
        app.MapGet("/", () => Results.Bytes(page, "text/html; charset=utf-8"));
        app.MapGet("/live.js", () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        app.MapGet("/live.css", () => Results.Bytes(style, "text/css; charset=utf-8"));
        app.MapGet(StatePath, () => Results.Text(JsonSerializer.Serialize(LiveState.Of(config, engine), Json), "application/json; charset=utf-8"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the live page cannot listen on {listen}: {e.Message}", e);
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName()
            : listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]" : listen.Address.ToString();
        return new LivePageHost(app, new Uri($"http://{host}:{bound.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
