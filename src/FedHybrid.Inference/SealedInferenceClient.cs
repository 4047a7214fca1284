using FedHybrid.Crypto;
using FedHybrid.Crypto.Inference;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Inference;

/// <summary>Sends image batches to a sealed inference server and opens the logits. In
/// <see cref="InferenceContextMode.Cached"/> mode one Crypto <see cref="InferenceClientSession"/> serves a session of requests,
/// sent one at a time; any failure ends the session and the next request starts a new one.</summary>
public sealed class SealedInferenceClient : IDisposable
{
    readonly Federation.Protocol.Inference.InferenceClient _grpc;
    readonly byte[] _serverPublicKey;
    readonly SemaphoreSlim _sessionGate = new(1, 1);
    ClientSession? _session;

    /// <param name="serverPublicKey">The server's raw X25519 public key (32 bytes).</param>
    public SealedInferenceClient(Federation.Protocol.Inference.InferenceClient grpc, ReadOnlySpan<byte> serverPublicKey, InferenceContextMode mode)
    {
        if (serverPublicKey.Length != InferenceWire.PublicKeySize)
            throw new InvalidKeyException($"inference needs a {InferenceWire.PublicKeySize}-byte X25519 public key, got {serverPublicKey.Length} bytes");
        _grpc = grpc;
        _serverPublicKey = serverPublicKey.ToArray();
        Mode = mode;
    }

    public InferenceContextMode Mode { get; }

    /// <summary>Logits [batch, classes] for <paramref name="pixels"/> [batch, 1, 28, 28].</summary>
    public Task<float[]> PredictAsync(ReadOnlyMemory<float> pixels, int batch, CancellationToken cancellationToken = default)
    {
        // The same Tensor the plaintext call sends; only its serialized bytes go under the seal.
        var input = TensorCodec.Images(pixels.Span, batch);
        return Mode == InferenceContextMode.Fresh
            ? PredictFreshAsync(input, batch, cancellationToken)
            : PredictCachedAsync(input, batch, cancellationToken);
    }

    /// <summary>The same request in plaintext (servers refuse it unless plaintext is enabled).</summary>
    public async Task<float[]> PredictPlaintextAsync(ReadOnlyMemory<float> pixels, int batch, CancellationToken cancellationToken = default)
    {
        var response = await _grpc.PredictPlaintextAsync(TensorCodec.Images(pixels.Span, batch), cancellationToken: cancellationToken).ConfigureAwait(false);
        return TensorCodec.ReadLogits(response, batch);
    }

    async Task<float[]> PredictFreshAsync(Tensor input, int batch, CancellationToken cancellationToken)
    {
        OneShotInferenceRequest sealedRequest;
        using (var plaintext = new PooledMessage(input))
            sealedRequest = OneShotInferenceRequest.Seal(_serverPublicKey, plaintext.Span);
        using (sealedRequest)
        {
            var request = new SealedRequest
            {
                // Both arrays are ours alone: wrap them rather than copy them.
                EncapsulatedKey = UnsafeByteOperations.UnsafeWrap(sealedRequest.Enc),
                Ciphertext = UnsafeByteOperations.UnsafeWrap(sealedRequest.Ciphertext),
            };
            var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Logits(sealedRequest.OpenResponse(response.ResponseNonce.Span, response.Ciphertext.Span), batch);
        }
    }

    async Task<float[]> PredictCachedAsync(Tensor input, int batch, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool first = _session is null;
            var session = _session ??= ClientSession.Start(_serverPublicKey);
            byte[] ciphertext;
            ulong sequence;
            using (var plaintext = new PooledMessage(input))
                ciphertext = session.Crypto.SealRequest(plaintext.Span, out sequence);
            var request = new SealedRequest
            {
                EncapsulatedKey = first ? session.Enc : ByteString.Empty,
                SessionId = session.Id,
                Sequence = sequence,
                Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext),
            };
            try
            {
                var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!response.ResponseNonce.IsEmpty)
                    throw new AuthenticationFailedException("a cached session's response carries no response nonce");
                return Logits(session.Crypto.OpenResponse(sequence, response.Ciphertext.Span), batch);
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

    static float[] Logits(byte[] plaintext, int batch) => TensorCodec.ReadLogits(TensorCodec.Parse(plaintext, "sealed response"), batch);

    void EndSession()
    {
        _session?.Dispose();
        _session = null;
    }

    public void Dispose()
    {
        EndSession();
        _sessionGate.Dispose();
    }

    /// <summary>The client's half of a cached session. Id and Enc are immutable, so the request
    /// fields share them instead of copying them per request.</summary>
    sealed class ClientSession : IDisposable
    {
        ClientSession(InferenceClientSession crypto)
        {
            Crypto = crypto;
            Id = ByteString.CopyFrom(crypto.Id);
            Enc = UnsafeByteOperations.UnsafeWrap(crypto.Enc);
        }

        public InferenceClientSession Crypto { get; }
        public ByteString Id { get; }
        public ByteString Enc { get; }

        public static ClientSession Start(byte[] serverPublicKey) => new(InferenceClientSession.Start(serverPublicKey));

        public void Dispose() => Crypto.Dispose();
    }
}
