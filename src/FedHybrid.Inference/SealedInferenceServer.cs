using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Inference;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Inference;

/// <summary>The server side of sealed inference, without gRPC: opens a sealed request with the
/// server's X25519 key, runs the same <see cref="Predict"/> the plaintext baseline runs, and seals
/// the logits as the request's answer (Crypto's <see cref="InferenceServerKey"/> does the cryptography). Keeps cached-mode sessions (see
/// <see cref="InferenceSessionTable"/>); a session exists only once its first request has opened.</summary>
public sealed class SealedInferenceServer : IDisposable
{
    readonly InferenceServerKey _key;
    readonly IPredictor _predictor;
    readonly InferenceSessionTable _sessions;

    /// <param name="privateKey">Raw X25519 private key (32 bytes); copied and zeroed on dispose.</param>
    /// <param name="maxSessions">Cached sessions kept at most; the least recently used goes first.</param>
    /// <param name="idleTimeout">A session unused this long is dropped (default 10 minutes).</param>
    public SealedInferenceServer(ReadOnlySpan<byte> privateKey, IPredictor predictor, int maxSessions = 1024, TimeSpan? idleTimeout = null, TimeProvider? time = null)
    {
        _key = new InferenceServerKey(privateKey);
        _predictor = predictor;
        _sessions = new InferenceSessionTable(maxSessions, idleTimeout ?? TimeSpan.FromMinutes(10), time ?? TimeProvider.System);
    }

    /// <summary>The raw X25519 public key clients seal to.</summary>
    public byte[] PublicKey => _key.PublicKey;

    public int SessionCount => _sessions.Count;

    /// <summary>Answers one sealed request. Throws <see cref="AuthenticationFailedException"/> for a
    /// request that does not open, <see cref="MalformedInferenceRequestException"/> for a bad shape,
    /// <see cref="InferenceSessionException"/> for a session problem.</summary>
    public SealedResponse Handle(SealedRequest request)
    {
        var sessionId = request.SessionId.Span;
        if (sessionId.Length is not (0 or InferenceWire.SessionIdSize))
            throw new MalformedInferenceRequestException($"session_id must be empty or {InferenceWire.SessionIdSize} bytes");
        if (sessionId.IsEmpty)
            return HandleOneShot(request);
        var id = BinaryPrimitives.ReadUInt128BigEndian(sessionId);
        return request.EncapsulatedKey.IsEmpty ? HandleInSession(request, id) : HandleSessionStart(request, id);
    }

    /// <summary>The plaintext baseline, and the part of every sealed request between open and seal.</summary>
    public Tensor Predict(Tensor input)
    {
        var pixels = TensorCodec.ReadImages(input, out int batch);
        var logits = _predictor.Predict(pixels, batch);
        return TensorCodec.Encode(logits, [(uint)batch, (uint)_predictor.Classes]);
    }

    SealedResponse HandleOneShot(SealedRequest request)
    {
        if (request.Sequence != 0)
            throw new MalformedInferenceRequestException("a one-shot request has sequence 0");
        using var reply = _key.OpenOneShot(RequireEnc(request), request.Ciphertext.Span);
        using var logits = new PooledMessage(PredictSealed(reply.Plaintext));
        var (responseNonce, ciphertext) = reply.SealResponse(logits.Span);
        // Fresh arrays owned by nobody else: wrap, do not copy.
        return new SealedResponse { ResponseNonce = UnsafeByteOperations.UnsafeWrap(responseNonce), Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext) };
    }

    /// <summary>The first request of a session: the session is stored only after this request opens,
    /// so requests that do not authenticate leave the table as it was.</summary>
    SealedResponse HandleSessionStart(SealedRequest request, UInt128 id)
    {
        if (request.Sequence != 0)
            throw new InferenceSessionException("a session starts at sequence 0");
        // Cheap early refusal; TryAdd below decides for real.
        if (_sessions.Contains(id))
            throw SessionIdInUse();
        var session = new InferenceSession(_key.StartSession(RequireEnc(request), request.SessionId.Span, request.Ciphertext.Span, out var plaintext));
        if (!_sessions.TryAdd(id, session))
        {
            session.Dispose();
            CryptographicOperations.ZeroMemory(plaintext);
            throw SessionIdInUse();
        }
        return Answer(session, 0, plaintext);
    }

    SealedResponse HandleInSession(SealedRequest request, UInt128 id)
    {
        var session = _sessions.Find(id) ?? throw new InferenceSessionException("unknown or expired session; start a new one (send the encapsulated key)");
        ulong sequence = request.Sequence;
        byte[] plaintext;
        lock (session.Gate)
        {
            ThrowIfExpired(session);
            if (sequence != session.Crypto.NextSequence)
                throw new InferenceSessionException($"request sequence {sequence} is out of order; the session expects {session.Crypto.NextSequence}");
            plaintext = session.Crypto.OpenRequest(sequence, request.Ciphertext.Span);
        }
        return Answer(session, sequence, plaintext);
    }

    /// <summary>Predicts outside the session's lock, then seals the logits for <paramref name="sequence"/>.</summary>
    SealedResponse Answer(InferenceSession session, ulong sequence, byte[] plaintext)
    {
        using var logits = new PooledMessage(PredictSealed(plaintext));
        byte[] ciphertext;
        lock (session.Gate)
        {
            ThrowIfExpired(session);
            ciphertext = session.Crypto.SealResponse(sequence, logits.Span);
        }
        return new SealedResponse { Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext) };
    }

    /// <summary><see cref="Predict"/> on an opened request's plaintext, which it then zeroes.</summary>
    Tensor PredictSealed(byte[] plaintext)
    {
        try
        {
            return Predict(TensorCodec.Parse(plaintext, "sealed request"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    static void ThrowIfExpired(InferenceSession session)
    {
        if (session.Disposed)
            throw new InferenceSessionException("the session expired; start a new one");
    }

    static InferenceSessionException SessionIdInUse() => new("session id already in use; pick a fresh random one");

    static ReadOnlySpan<byte> RequireEnc(SealedRequest request)
    {
        if (request.EncapsulatedKey.Length != InferenceWire.EncapsulatedKeySize)
            throw new MalformedInferenceRequestException($"encapsulated_key must be {InferenceWire.EncapsulatedKeySize} bytes, got {request.EncapsulatedKey.Length}");
        return request.EncapsulatedKey.Span;
    }

    public void Dispose()
    {
        _sessions.Dispose();
        _key.Dispose();
    }
}
