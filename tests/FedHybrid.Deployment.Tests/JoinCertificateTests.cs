using System.Net;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Deployment;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace FedHybrid.Deployment.Tests;

/// <summary>Under mutual TLS a client's certificate names it: Join under another id is refused.</summary>
public sealed class JoinCertificateTests : IDisposable
{
    readonly TempDirectory _temp = new();
    readonly TestKeys _keys = new(1);

    [Fact]
    public async Task JoinUnderAnIdOtherThanTheCertificatesIsRefused_TheCertifiedIdGetsThroughToTheRegistry()
    {
        var ct = TestContext.Current.CancellationToken;
        var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("lab")));
        using var coordinatorKit = CoordinatorKit.Load(lab.CoordinatorKit);
        using var clientKit = ClientKit.Load(lab.ClientKits[0]);
        var engine = TestEngines.Create(_keys, _temp.Sub("run"), 16, 1, TimeSpan.FromMinutes(1));
        await using var host = await CoordinatorHost.StartAsync(engine, new CoordinatorHostOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            ConfigureHttps = https => LabTls.ConfigureServer(https, coordinatorKit),
        }, ct);
        var address = new UriBuilder(host.Address) { Host = "localhost" }.Uri;
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = LabTls.CreateClientHandler(clientKit) });
        var coordinator = new Federation.Protocol.Coordinator.CoordinatorClient(channel);
        var provisioned = _keys.Clients[0].Identity;
        JoinRequest Join(string id) => new()
        {
            ClientId = id,
            EnvelopePublicKey = ByteString.CopyFrom(provisioned.EnvelopeKey),
            SigningPublicKey = ByteString.CopyFrom(provisioned.SigningKey),
            Suite = engine.Suite,
        };

        // The keys are the registered client-1's, but the certificate is client-01's.
        var impersonation = await Assert.ThrowsAsync<RpcException>(() => coordinator.JoinAsync(Join(provisioned.Id), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, impersonation.StatusCode);
        Assert.Contains("issued to 'client-01'", impersonation.Status.Detail);

        // Under its certified id the request passes the TLS-name check and meets the registry.
        var unregistered = await Assert.ThrowsAsync<RpcException>(() => coordinator.JoinAsync(Join("client-01"), cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, unregistered.StatusCode);
        Assert.DoesNotContain("issued to", unregistered.Status.Detail);
        Assert.Equal(0, engine.Sessions.JoinedCount);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _temp.Dispose();
    }
}
