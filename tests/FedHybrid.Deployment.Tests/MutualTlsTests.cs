using Xunit;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using FedHybrid.Deployment;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FedHybrid.Deployment.Tests;

/// <summary>The lab's mutual TLS against a loopback Kestrel serving only grpc.health.v1.</summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    readonly TempDirectory _temp = new();
    ProvisionResult _lab = null!;
    ProvisionResult _otherLab = null!;
    CoordinatorKit _coordinator = null!;
    LabGrpcHost _host = null!;
    int _requestsReachingHttp;
    readonly ConcurrentQueue<string> _rejections = new();

    public async ValueTask InitializeAsync()
    {
        _lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("lab")));
        _otherLab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("other")));
        _coordinator = CoordinatorKit.Load(_lab.CoordinatorKit);
        _host = await LabGrpcHost.StartMutualTlsAsync(new IPEndPoint(IPAddress.Loopback, 0), _coordinator.ServerCertificate, _coordinator.Validator,
            _ => { },
            app => app.Use((HttpContext context, RequestDelegate next) =>
            {
                Interlocked.Increment(ref _requestsReachingHttp);
                return next(context);
            }),
            _rejections.Enqueue,
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _coordinator.Dispose();
        _temp.Dispose();
    }

    async Task<HealthCheckResponse> CheckAsync(X509Certificate2? clientCertificate, LabCertificateValidator validator, string host = "localhost")
    {
        var address = new UriBuilder(_host.Address) { Host = host }.Uri;
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = LabTls.CreateClientHandler(clientCertificate, validator) });
        return await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);
    }

    // Under TLS 1.3 the client may finish its side of the handshake before the server refuses its
    // certificate, so the refusal surfaces either while connecting or on the first read.
    static void AssertTransportFailure(RpcException e) =>
        Assert.True(e.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"expected a transport failure, got {e.Status}");

    [Fact]
    public async Task LabClientCertificate_IsAccepted()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[0]);
        var response = await CheckAsync(kit.ClientCertificate, kit.Validator);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        Assert.Equal(1, _requestsReachingHttp);
        Assert.Empty(_rejections);
    }

    [Fact]
    public async Task LabClient_ByIpAddressInTheCertificate_IsAccepted()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[0]);
        var response = await CheckAsync(kit.ClientCertificate, kit.Validator, "127.0.0.1");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task NoClientCertificate_IsRefusedAtTheTlsLayer()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[0]);
        var e = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(null, kit.Validator));
        AssertTransportFailure(e);
        Assert.Equal(0, _requestsReachingHttp);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_IsRefusedAtTheTlsLayer()
    {
        using var ours = ClientKit.Load(_lab.ClientKits[0]);
        using var foreign = ClientKit.Load(_otherLab.ClientKits[0]);
        // The client trusts our server, but presents a certificate another CA issued.
        var e = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(foreign.ClientCertificate, ours.Validator));
        AssertTransportFailure(e);
        Assert.Equal(0, _requestsReachingHttp);
        Assert.Contains(_rejections, r => r.Contains("lab CA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerFromAnotherLab_IsRefusedByTheClient()
    {
        using var foreign = ClientKit.Load(_otherLab.ClientKits[0]);
        await Assert.ThrowsAsync<RpcException>(() => CheckAsync(foreign.ClientCertificate, foreign.Validator));
        Assert.Equal(0, _requestsReachingHttp);
    }

    [Fact]
    public async Task ServerCertificateUsedAsClientCertificate_IsRefused_ForLackOfClientAuthUsage()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[0]);
        var e = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(_coordinator.ServerCertificate, kit.Validator));
        AssertTransportFailure(e);
        Assert.Equal(0, _requestsReachingHttp);
    }

    [Fact]
    public async Task HostNameNotInTheServerCertificate_IsRefusedByTheClient()
    {
        using var kit = ClientKit.Load(_lab.ClientKits[0]);
        // 127.0.0.2 reaches the same loopback listener only on Linux; elsewhere the connect fails, which is also a refusal.
        await Assert.ThrowsAsync<RpcException>(() => CheckAsync(kit.ClientCertificate, kit.Validator, "127.0.0.2"));
        Assert.Equal(0, _requestsReachingHttp);
    }
}
