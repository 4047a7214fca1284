using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Hpke;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Inference;

/// <summary>Sends image batches to a sealed inference server and opens the logits. In
/// <see cref="InferenceContextMode.Cached"/> mode one HPKE context serves a session of requests,
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
        if (serverPublicKey.Length != InferenceProtocol.Suite.KemAlgorithm.PublicKeySize)
            throw new InvalidKeyException($"inference needs a {InferenceProtocol.Suite.KemAlgorithm.PublicKeySize}-byte X25519 public key, got {serverPublicKey.Length} bytes");
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
        var (enc, context) = InferenceProtocol.Suite.SetupBaseS(_serverPublicKey, InferenceProtocol.Info);
        using (context)
        {
            var request = new SealedRequest
            {
                // Both arrays are ours alone: wrap them rather than copy them.
                EncapsulatedKey = UnsafeByteOperations.UnsafeWrap(enc),
                Ciphertext = UnsafeByteOperations.UnsafeWrap(Seal(context, default, 0, input)),
            };
            var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            var secret = InferenceProtocol.ResponseSecret(context, 0);
            try
            {
                return Logits(InferenceProtocol.OpenResponse(secret, enc, response.ResponseNonce.Span, response.Ciphertext.Span), batch);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    async Task<float[]> PredictCachedAsync(Tensor input, int batch, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool first = _session is null;
            var session = _session ??= ClientSession.Start(_serverPublicKey);
            ulong sequence = session.NextSequence;
            var request = new SealedRequest
            {
                EncapsulatedKey = first ? session.Enc : ByteString.Empty,
                SessionId = session.Id,
                Sequence = sequence,
                Ciphertext = UnsafeByteOperations.UnsafeWrap(Seal(session.Context, session.Id.Span, sequence, input)),
            };
            session.NextSequence++;
            try
            {
                var response = await _grpc.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!response.ResponseNonce.IsEmpty)
                    throw new AuthenticationFailedException("a cached session's response carries no response nonce");
                return Logits(session.Responses.Open(sequence, response.Ciphertext.Span), batch);
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

    /// <summary>The request ciphertext: <paramref name="input"/> serialized into a pooled buffer and
    /// sealed at <paramref name="sequence"/>.</summary>
    static byte[] Seal(HpkeContext context, ReadOnlySpan<byte> sessionId, ulong sequence, Tensor input)
    {
        using var plaintext = new PooledMessage(input);
        Span<byte> aad = stackalloc byte[InferenceProtocol.MaxRequestAadSize];
        return context.Seal(InferenceProtocol.WriteRequestAad(sessionId, sequence, aad), plaintext.Span);
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
        ClientSession(ByteString id, ByteString enc, HpkeContext context)
        {
            Id = id;
            Enc = enc;
            Context = context;
            Responses = new InferenceResponseCipher(context);
        }

        public ByteString Id { get; }
        public ByteString Enc { get; }
        public HpkeContext Context { get; }
        public InferenceResponseCipher Responses { get; }
        public ulong NextSequence { get; set; }

        public static ClientSession Start(byte[] serverPublicKey)
        {
            var (enc, context) = InferenceProtocol.Suite.SetupBaseS(serverPublicKey, InferenceProtocol.Info);
            return new ClientSession(UnsafeByteOperations.UnsafeWrap(RandomNumberGenerator.GetBytes(InferenceProtocol.SessionIdSize)), UnsafeByteOperations.UnsafeWrap(enc), context);
        }

        public void Dispose()
        {
            Responses.Dispose();
            Context.Dispose();
        }
    }
}
