using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Federation.Inference;

/// <summary>Sends image batches to a sealed inference server and opens the logits. In
/// <see cref="InferenceContextMode.Cached"/> mode one HPKE context serves a session of requests,
/// sent one at a time; any failure ends the session and the next request starts a new one.</summary>
public sealed class SealedInferenceClient : IDisposable
{
    readonly Protocol.Inference.InferenceClient _grpc;
    readonly byte[] _serverPublicKey;
    readonly SemaphoreSlim _sessionGate = new(1, 1);
    ClientSession? _session;

    /// <param name="serverPublicKey">The server's raw X25519 public key (32 bytes).</param>
    public SealedInferenceClient(Protocol.Inference.InferenceClient grpc, ReadOnlySpan<byte> serverPublicKey, InferenceContextMode mode)
    {
        if (serverPublicKey.Length != InferenceProtocol.Suite.KemAlgorithm.PublicKeySize)
            throw new Crypto.InvalidKeyException($"inference needs a {InferenceProtocol.Suite.KemAlgorithm.PublicKeySize}-byte X25519 public key, got {serverPublicKey.Length} bytes");
        _grpc = grpc;
        _serverPublicKey = serverPublicKey.ToArray();
        Mode = mode;
    }

    public InferenceContextMode Mode { get; }

    /// <summary>Logits [batch, classes] for <paramref name="pixels"/> [batch, 1, 28, 28].</summary>
    public async Task<float[]> PredictAsync(ReadOnlyMemory<float> pixels, int batch, CancellationToken cancellationToken = default)
    {
        var plaintext = TensorCodec.Images(pixels.Span, batch).ToByteArray();
        try
        {
            return Mode == InferenceContextMode.Fresh
                ? await PredictFreshAsync(plaintext, batch, cancellationToken).ConfigureAwait(false)
                : await PredictCachedAsync(plaintext, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The same request in plaintext (servers refuse it unless plaintext is enabled).</summary>
    public async Task<float[]> PredictPlaintextAsync(ReadOnlyMemory<float> pixels, int batch, CancellationToken cancellationToken = default)
    {
        var response = await _grpc.PredictPlaintextAsync(TensorCodec.Images(pixels.Span, batch), cancellationToken: cancellationToken).ConfigureAwait(false);
        return TensorCodec.ReadLogits(response, batch);
    }

    async Task<float[]> PredictFreshAsync(byte[] plaintext, int batch, CancellationToken cancellationToken)
    {
        var (enc, context) = InferenceProtocol.Suite.SetupBaseS(_serverPublicKey, InferenceProtocol.Info);
        using (context)
        {
            var request = new SealedRequest
            {
                EncapsulatedKey = ByteString.CopyFrom(enc),
                // The ciphertext array is ours alone: wrap it rather than copy it (a large batch is a LOH allocation).
                Ciphertext = UnsafeByteOperations.UnsafeWrap(context.Seal(InferenceProtocol.RequestAad(default, 0), plaintext)),
            };
            var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Open(context, enc, 0, response, batch);
        }
    }

    async Task<float[]> PredictCachedAsync(byte[] plaintext, int batch, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool first = _session is null;
            var session = _session ??= ClientSession.Start(_serverPublicKey);
            ulong sequence = session.NextSequence;
            var request = new SealedRequest
            {
                EncapsulatedKey = first ? ByteString.CopyFrom(session.Enc) : ByteString.Empty,
                SessionId = ByteString.CopyFrom(session.Id),
                Sequence = sequence,
                Ciphertext = UnsafeByteOperations.UnsafeWrap(session.Context.Seal(InferenceProtocol.RequestAad(session.Id, sequence), plaintext)),
            };
            session.NextSequence++;
            try
            {
                var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                return Open(session.Context, session.Enc, sequence, response, batch);
            }
            catch
            {
                // The server may or may not have advanced; a new session is the only safe state.
                EndSession();
                throw;
            }
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    static float[] Open(HpkeContext context, byte[] enc, ulong sequence, SealedResponse response, int batch)
    {
        var secret = InferenceProtocol.ResponseSecret(context, sequence);
        try
        {
            var plaintext = InferenceProtocol.OpenResponse(secret, enc, response.ResponseNonce.Span, response.Ciphertext.Span);
            return TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(plaintext), batch);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedInferenceRequestException($"sealed response does not hold a Tensor: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    void EndSession()
    {
        _session?.Context.Dispose();
        _session = null;
    }

    public void Dispose()
    {
        EndSession();
        _sessionGate.Dispose();
    }

    sealed class ClientSession
    {
        public required byte[] Id { get; init; }
        public required byte[] Enc { get; init; }
        public required HpkeContext Context { get; init; }
        public ulong NextSequence { get; set; }

        public static ClientSession Start(byte[] serverPublicKey)
        {
            var (enc, context) = InferenceProtocol.Suite.SetupBaseS(serverPublicKey, InferenceProtocol.Info);
            return new ClientSession { Id = RandomNumberGenerator.GetBytes(InferenceProtocol.SessionIdSize), Enc = enc, Context = context };
        }
    }
}
