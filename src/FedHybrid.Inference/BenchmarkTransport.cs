using System.Net;
using FedHybrid.Deployment;
using Grpc.Net.Client;

namespace FedHybrid.Inference;

/// <summary>The client end of an <see cref="InferenceTransport"/> for the benchmark, with whatever
/// it needs torn down afterwards (host, channel, ephemeral kit).</summary>
internal sealed class BenchmarkTransport : IAsyncDisposable
{
    readonly List<object> _owned = [];
    string? _temporaryDirectory;

    BenchmarkTransport() { }

    public Federation.Protocol.Inference.InferenceClient Client { get; private set; } = null!;

    public static async Task<BenchmarkTransport> StartAsync(InferenceTransport kind, SealedInferenceServer server, CancellationToken cancellationToken)
    {
        var transport = new BenchmarkTransport();
        try
        {
            transport.Client = kind == InferenceTransport.InProcess
                ? new Federation.Protocol.Inference.InferenceClient(new InProcessInferenceInvoker(server))
                : await transport.StartGrpcAsync(kind, server, cancellationToken);
            return transport;
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    async Task<Federation.Protocol.Inference.InferenceClient> StartGrpcAsync(InferenceTransport kind, SealedInferenceServer server, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var serviceOptions = new InferenceServiceOptions(AllowPlaintext: true);
        LabGrpcHost host;
        HttpMessageHandler handler;
        if (kind == InferenceTransport.MutualTls)
        {
            _temporaryDirectory = Path.Combine(Path.GetTempPath(), "fedhybrid-bench-" + Guid.NewGuid().ToString("N"));
            var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temporaryDirectory));
            var coordinatorKit = Own(CoordinatorKit.Load(lab.CoordinatorKit));
            var clientKit = Own(ClientKit.Load(lab.ClientKits[0]));
            host = Own(await InferenceHosting.StartMutualTlsAsync(endpoint, coordinatorKit.ServerCertificate, coordinatorKit.Validator, server, serviceOptions, cancellationToken));
            handler = LabTls.CreateClientHandler(clientKit);
        }
        else
        {
            host = Own(await InferenceHosting.StartCleartextAsync(endpoint, server, serviceOptions, cancellationToken));
            handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        }
        var channel = Own(GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = InferenceHosting.MaxMessageBytes,
            MaxSendMessageSize = InferenceHosting.MaxMessageBytes,
        }));
        return new Federation.Protocol.Inference.InferenceClient(channel);
    }

    T Own<T>(T resource) where T : class
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        // Last acquired, first released: the channel before the host, the host before the kits.
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            if (_owned[i] is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync();
            else if (_owned[i] is IDisposable disposable)
                disposable.Dispose();
        }
        _owned.Clear();
        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory))
            Directory.Delete(_temporaryDirectory, recursive: true);
    }
}
