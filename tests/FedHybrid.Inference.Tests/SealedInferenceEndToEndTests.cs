using System.Net;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Inference;
using FedHybrid.Deployment;
using FedHybrid.Federation.Payloads;
using FedHybrid.Federation.Security;
using FedHybrid.Learning.Training;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace FedHybrid.Inference.Tests;

/// <summary>Sealed inference over real gRPC and lab mutual TLS, with a real (untrained) model
/// loaded from a sealed final-model file the way `fedhybrid serve` loads it.</summary>
public sealed class SealedInferenceEndToEndTests : IAsyncLifetime
{
    readonly TempDirectory _temp = new();
    CoordinatorKit _coordinator = null!;
    ClientKit _client = null!;
    TorchPredictor _predictor = null!;
    SealedInferenceServer _server = null!;
    LabGrpcHost _host = null!;
    float[] _weights = null!;

    public async ValueTask InitializeAsync()
    {
        var lab = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("lab")));
        _coordinator = CoordinatorKit.Load(lab.CoordinatorKit);
        _client = ClientKit.Load(lab.ClientKits[0]);

        // A final model as the coordinator writes it: ModelPayload sealed at rest to its own key.
        using (var learner = new LocalLearner("mlp2nn", threads: 1, seed: 7))
            _weights = learner.InitialWeights();
        var modelPath = _temp.Sub("final-model.sealed");
        using (var keys = ParticipantKeys.Load(_coordinator.Directory, KitFiles.CoordinatorId, _coordinator.Suite))
        using (var crypto = new CoordinatorCrypto(keys, RekeyPolicy.Message, 1))
            File.WriteAllBytes(modelPath, crypto.SealAtRest(new EnvelopeContext("run-test", 3, KitFiles.CoordinatorId), ModelPayload.Encode(_weights)));

        var (name, weights) = SealedModelFile.Open(modelPath, _coordinator);
        Assert.Equal("mlp2nn", name);
        _predictor = new TorchPredictor(name, weights);
        var privateKey = InferenceKeys.ServerPrivateKey(_coordinator);
        _server = new SealedInferenceServer(privateKey, _predictor);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
        _host = await InferenceHosting.StartMutualTlsAsync(new IPEndPoint(IPAddress.Loopback, 0), _coordinator.ServerCertificate, _coordinator.Validator,
            _server, new InferenceServiceOptions(AllowPlaintext: false), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _server.Dispose();
        _predictor.Dispose();
        _client.Dispose();
        _coordinator.Dispose();
        _temp.Dispose();
    }

    GrpcChannel Channel() => GrpcChannel.ForAddress(_host.Address, new GrpcChannelOptions { HttpHandler = LabTls.CreateClientHandler(_client) });

    [Theory]
    [InlineData(InferenceContextMode.Fresh)]
    [InlineData(InferenceContextMode.Cached)]
    public async Task SealedPredict_ReturnsTheModelsLogits(InferenceContextMode mode)
    {
        using var channel = Channel();
        using var client = new SealedInferenceClient(new Federation.Protocol.Inference.InferenceClient(channel), InferenceKeys.ServerPublicKey(_client), mode);
        foreach (var batch in new[] { 1, 5, 1 })
        {
            var pixels = SumPredictor.Images(batch, seed: batch);
            var logits = await client.PredictAsync(pixels, batch, TestContext.Current.CancellationToken);
            Assert.Equal(batch * 10, logits.Length);
            // Multi-threaded CPU kernels may round the last bit differently from run to run.
            var expected = _predictor.Predict(pixels, batch);
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], logits[i], 1e-5f);
        }
        Assert.Equal(mode == InferenceContextMode.Cached ? 1 : 0, _server.SessionCount);
    }

    [Fact]
    public async Task SealedPredict_ToAServerWithAnotherKey_IsRefused()
    {
        using var channel = Channel();
        var otherKey = Crypto.Inference.InferenceKeyPair.Generate().PublicKey;
        using var client = new SealedInferenceClient(new Federation.Protocol.Inference.InferenceClient(channel), otherKey, InferenceContextMode.Fresh);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(SumPredictor.Images(1, 1), 1, TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("does not authenticate", e.Status.Detail);
    }

    [Fact]
    public async Task SealedPredict_ToTheCoordinatorsEnvelopeKey_IsRefused()
    {
        // The server answers only to its inference key: the key that opens updates is not a way in.
        using var channel = Channel();
        var envelopeKey = Crypto.Inference.InferenceKeyPair.ImportSubjectPublicKeyInfo(_client.CoordinatorEnvelopePublicKey);
        using var client = new SealedInferenceClient(new Federation.Protocol.Inference.InferenceClient(channel), envelopeKey, InferenceContextMode.Cached);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(SumPredictor.Images(1, 1), 1, TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(0, _server.SessionCount);
    }

    [Fact]
    public async Task PlaintextPredict_IsRefusedUnlessEnabled()
    {
        using var channel = Channel();
        using var client = new SealedInferenceClient(new Federation.Protocol.Inference.InferenceClient(channel), InferenceKeys.ServerPublicKey(_client), InferenceContextMode.Fresh);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PredictPlaintextAsync(SumPredictor.Images(1, 1), 1, TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public void SealedModelFile_OpenedWithAnotherLabsKit_IsRejected()
    {
        var other = LabProvisioner.Provision(new ProvisionOptions(1, _temp.Sub("other")));
        using var otherKit = CoordinatorKit.Load(other.CoordinatorKit);
        Assert.ThrowsAny<Crypto.CryptoException>(() => SealedModelFile.Open(_temp.Sub("final-model.sealed"), otherKit));
    }
}
