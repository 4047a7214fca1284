using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Hpke;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;

namespace FedHybrid.Federation.Inference;

/// <summary>The server side of sealed inference, without gRPC: opens a sealed request with the
/// server's X25519 key, runs the predictor, and seals the logits under a key exported from the
/// request's context. Keeps cached-mode sessions (bounded in number, dropped when idle).</summary>
public sealed class SealedInferenceServer : IDisposable
{
    readonly byte[] _privateKey;
    readonly IPredictor _predictor;
    readonly int _maxSessions;
    readonly TimeSpan _idleTimeout;
    readonly TimeProvider _time;
    readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    readonly Lock _sessionsLock = new();

    /// <param name="privateKey">Raw X25519 private key (32 bytes); copied and zeroed on dispose.</param>
    public SealedInferenceServer(ReadOnlySpan<byte> privateKey, IPredictor predictor, int maxSessions = 1024, TimeSpan? idleTimeout = null, TimeProvider? time = null)
    {
        if (privateKey.Length != InferenceProtocol.Suite.KemAlgorithm.PrivateKeySize)
            throw new InvalidKeyException($"inference needs a {InferenceProtocol.Suite.KemAlgorithm.PrivateKeySize}-byte X25519 private key, got {privateKey.Length} bytes");
        _privateKey = privateKey.ToArray();
        PublicKey = InferenceProtocol.Suite.KemAlgorithm.PublicKeyOf(_privateKey);
        _predictor = predictor;
        _maxSessions = maxSessions;
        _idleTimeout = idleTimeout ?? TimeSpan.FromMinutes(10);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The raw X25519 public key clients seal to.</summary>
    public byte[] PublicKey { get; }

    public int SessionCount
    {
        get { lock (_sessionsLock) return _sessions.Count; }
    }

    /// <summary>Answers one sealed request. Throws <see cref="AuthenticationFailedException"/> for a
    /// request that does not open, <see cref="MalformedInferenceRequestException"/> for a bad shape,
    /// <see cref="InferenceSessionException"/> for a session problem.</summary>
    public SealedResponse Handle(SealedRequest request)
    {
        var sessionId = request.SessionId.Span;
        if (sessionId.Length is not (0 or InferenceProtocol.SessionIdSize))
            throw new MalformedInferenceRequestException($"session_id must be empty or {InferenceProtocol.SessionIdSize} bytes");
        byte[] plaintext, secret;
        byte[] enc;
        ulong sequence = request.Sequence;
        if (sessionId.IsEmpty)
        {
            if (sequence != 0)
                throw new MalformedInferenceRequestException("a one-shot request has sequence 0");
            enc = RequireEnc(request);
            using var context = InferenceProtocol.Suite.SetupBaseR(enc, _privateKey, InferenceProtocol.Info);
            plaintext = context.Open(InferenceProtocol.RequestAad(default, 0), request.Ciphertext.Span);
            secret = InferenceProtocol.ResponseSecret(context, 0);
        }
        else
        {
            var session = FindOrOpenSession(request);
            lock (session)
            {
                if (session.Disposed)
                    throw new InferenceSessionException("the session expired; start a new one");
                if (sequence != session.NextSequence)
                    throw new InferenceSessionException($"request sequence {sequence} is out of order; the session expects {session.NextSequence}");
                plaintext = session.Context.Open(InferenceProtocol.RequestAad(sessionId, sequence), request.Ciphertext.Span);
                session.NextSequence++;
                session.LastUsed = _time.GetTimestamp();
                secret = InferenceProtocol.ResponseSecret(session.Context, sequence);
                enc = session.Enc;
            }
        }
        try
        {
            var logits = Predict(Tensor.Parser.ParseFrom(plaintext));
            var (responseNonce, ciphertext) = InferenceProtocol.SealResponse(secret, enc, logits.ToByteArray());
            // Fresh arrays owned by nobody else: wrap, do not copy.
            return new SealedResponse { ResponseNonce = UnsafeByteOperations.UnsafeWrap(responseNonce), Ciphertext = UnsafeByteOperations.UnsafeWrap(ciphertext) };
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedInferenceRequestException($"sealed request does not hold a Tensor: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The plaintext baseline: the same prediction without sealing.</summary>
    public Tensor Predict(Tensor input)
    {
        var pixels = TensorCodec.ReadImages(input, out int batch);
        var logits = _predictor.Predict(pixels, batch);
        return TensorCodec.Encode(logits, [(uint)batch, (uint)_predictor.Classes]);
    }

    static byte[] RequireEnc(SealedRequest request)
    {
        if (request.EncapsulatedKey.Length != InferenceProtocol.EncapsulatedKeySize)
            throw new MalformedInferenceRequestException($"encapsulated_key must be {InferenceProtocol.EncapsulatedKeySize} bytes, got {request.EncapsulatedKey.Length}");
        return request.EncapsulatedKey.ToByteArray();
    }

    Session FindOrOpenSession(SealedRequest request)
    {
        var key = Convert.ToHexString(request.SessionId.Span);
        long now = _time.GetTimestamp();
        lock (_sessionsLock)
        {
            EvictIdle(now);
            if (request.EncapsulatedKey.IsEmpty)
                return _sessions.TryGetValue(key, out var existing)
                    ? existing
                    : throw new InferenceSessionException("unknown or expired session; start a new one (send the encapsulated key)");
            if (_sessions.ContainsKey(key))
                throw new InferenceSessionException("session id already in use; pick a fresh random one");
            if (request.Sequence != 0)
                throw new InferenceSessionException("a session starts at sequence 0");
            var enc = RequireEnc(request);
            if (_sessions.Count >= _maxSessions)
                Remove(_sessions.MinBy(s => s.Value.LastUsed).Key);
            var session = new Session(InferenceProtocol.Suite.SetupBaseR(enc, _privateKey, InferenceProtocol.Info), enc) { LastUsed = now };
            _sessions.Add(key, session);
            return session;
        }
    }

    void EvictIdle(long now)
    {
        foreach (var (key, session) in _sessions.ToArray())
            if (_time.GetElapsedTime(session.LastUsed, now) > _idleTimeout)
                Remove(key);
    }

    void Remove(string key)
    {
        if (_sessions.Remove(key, out var session))
            lock (session)
                session.Dispose();
    }

    public void Dispose()
    {
        lock (_sessionsLock)
            foreach (var key in _sessions.Keys.ToArray())
                Remove(key);
        CryptographicOperations.ZeroMemory(_privateKey);
    }

    sealed class Session(HpkeContext context, byte[] enc) : IDisposable
    {
        public HpkeContext Context { get; } = context;
        public byte[] Enc { get; } = enc;
        public ulong NextSequence { get; set; }
        public long LastUsed { get; set; }
        public bool Disposed { get; private set; }

        public void Dispose()
        {
            Disposed = true;
            Context.Dispose();
        }
    }
}
