using FedHybrid.Federation.Protocol;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// A gRPC server on loopback, plaintext HTTP/2 (h2c), that speaks the coordinator's contract and forwards
/// every call to the real coordinator: the network position of an eavesdropper, or, with a
/// <see cref="TamperPlan"/>, of an active attacker. Clients pointed at <see cref="Address"/> see the
/// coordinator's answers; the coordinator sees the proxy's connections.
/// </summary>
public sealed class InterceptingProxy : IAsyncDisposable
{
    /// <summary>The largest gRPC message either side may send: the coordinator's 1 MiB chunks with room to spare.</summary>
    const int MaxMessageBytes = 4 << 20;

    readonly GrpcChannel _channel;
    readonly Lock _lock = new();
    readonly List<TamperOutcome> _outcomes = [];
    WebApplication? _app;

    InterceptingProxy(Uri coordinator, WireCapture capture, TamperPlan plan)
    {
        _channel = GrpcChannel.ForAddress(coordinator, new GrpcChannelOptions { MaxReceiveMessageSize = MaxMessageBytes, MaxSendMessageSize = MaxMessageBytes });
        Upstream = new Coordinator.CoordinatorClient(_channel);
        Capture = capture;
        Plan = plan;
    }

    /// <summary>Where clients connect instead of the coordinator.</summary>
    public Uri Address { get; private set; } = null!;

    public WireCapture Capture { get; }

    public TamperPlan Plan { get; }

    internal Coordinator.CoordinatorClient Upstream { get; }

    /// <summary>Each action of the plan that met its reply, in the order the coordinator answered.</summary>
    public IReadOnlyList<TamperOutcome> Outcomes
    {
        get
        {
            lock (_lock)
                return [.. _outcomes];
        }
    }

    public static async Task<InterceptingProxy> StartAsync(Uri coordinator, WireCapture capture, TamperPlan plan, CancellationToken cancellationToken)
    {
        var proxy = new InterceptingProxy(coordinator, capture, plan);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton(proxy);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = MaxMessageBytes;
        });
        var app = builder.Build();
        app.MapGrpcService<ProxyService>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy._app = app;
        proxy.Address = new Uri($"http://127.0.0.1:{bound.Port}");
        return proxy;
    }

    internal void Record(TamperOutcome outcome)
    {
        lock (_lock)
            _outcomes.Add(outcome);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _channel.Dispose();
    }
}
