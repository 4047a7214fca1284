using System.Net;
using System.Security.Cryptography.X509Certificates;
using FedHybrid.Deployment;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FedHybrid.Inference;

/// <summary>Starts a <see cref="LabGrpcHost"/> that serves <see cref="InferenceService"/> (plus health).</summary>
public static class InferenceHosting
{
    /// <summary>Room for the largest batch (<see cref="TensorCodec.MaxBatch"/> images) plus framing.</summary>
    public const int MaxMessageBytes = TensorCodec.MaxBatch * TensorCodec.PixelsPerImage * sizeof(float) + 64 * 1024;

    public static Task<LabGrpcHost> StartMutualTlsAsync(IPEndPoint endpoint, X509Certificate2 serverCertificate, LabCertificateValidator validator,
        SealedInferenceServer server, InferenceServiceOptions options, CancellationToken cancellationToken = default) =>
        LabGrpcHost.StartMutualTlsAsync(endpoint, serverCertificate, validator, Services(server, options), Map, cancellationToken: cancellationToken);

    /// <summary>Cleartext HTTP/2: only for loopback benchmarks, where TLS would cost every mode alike.</summary>
    public static Task<LabGrpcHost> StartCleartextAsync(IPEndPoint endpoint, SealedInferenceServer server, InferenceServiceOptions options,
        CancellationToken cancellationToken = default) =>
        LabGrpcHost.StartCleartextAsync(endpoint, Services(server, options), Map, cancellationToken);

    static Action<IServiceCollection> Services(SealedInferenceServer server, InferenceServiceOptions options) => services =>
    {
        services.AddSingleton(server);
        services.AddSingleton(options);
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = MaxMessageBytes;
        });
    };

    static void Map(WebApplication app) => app.MapGrpcService<InferenceService>();
}
