using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Inference;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;
using Xunit;

namespace FedHybrid.Inference.Tests;

/// <summary>The sealing rules without gRPC: the server core against hand-built requests.</summary>
public sealed class InferenceProtocolTests : IDisposable
{
    readonly SumPredictor _predictor = new();
    readonly SealedInferenceServer _server;

    public InferenceProtocolTests()
    {
        var pair = InferenceProtocol.Suite.KemAlgorithm.GenerateKeyPair();
        _server = new SealedInferenceServer(pair.PrivateKey, _predictor);
    }

    public void Dispose() => _server.Dispose();

    static Dictionary<string, byte[]> Vector() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "rfc9458-appendix-a.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));

    [Fact]
    public void ResponseKeyDerivation_MatchesRfc9458AppendixA()
    {
        var v = Vector();
        var key = new byte[16];
        var nonce = new byte[12];
        InferenceProtocol.DeriveResponseKey(v["secret"], v["enc"], v["response_nonce"], key, nonce);
        Assert.Equal(v["aead_key"], key);
        Assert.Equal(v["aead_nonce"], nonce);

        var sealedResponse = v["encapsulated_response"].AsSpan(v["response_nonce"].Length);
        var plaintext = new byte[sealedResponse.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, sealedResponse[..^16], sealedResponse[^16..], plaintext);
        Assert.Equal(v["response"], plaintext);
    }

    (SealedRequest Request, HpkeContextHolder Sender) OneShot(float[] pixels, int batch)
    {
        var (enc, context) = InferenceProtocol.Suite.SetupBaseS(_server.PublicKey, InferenceProtocol.Info);
        var request = new SealedRequest
        {
            EncapsulatedKey = ByteString.CopyFrom(enc),
            Ciphertext = ByteString.CopyFrom(context.Seal(InferenceProtocol.RequestAad(default, 0), TensorCodec.Images(pixels, batch).ToByteArray())),
        };
        return (request, new HpkeContextHolder(context, enc));
    }

    sealed record HpkeContextHolder(Crypto.Hpke.HpkeContext Context, byte[] Enc) : IDisposable
    {
        public float[] Open(SealedResponse response, ulong sequence, int batch)
        {
            var secret = InferenceProtocol.ResponseSecret(Context, sequence);
            var plaintext = InferenceProtocol.OpenResponse(secret, Enc, response.ResponseNonce.Span, response.Ciphertext.Span);
            return TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(plaintext), batch);
        }

        public void Dispose() => Context.Dispose();
    }

    [Fact]
    public void OneShot_RoundTrip_ReturnsThePredictorsLogits()
    {
        var pixels = SumPredictor.Images(3, seed: 1);
        var (request, sender) = OneShot(pixels, 3);
        using (sender)
        {
            var logits = sender.Open(_server.Handle(request), 0, 3);
            Assert.Equal(_predictor.Predict(pixels, 3), logits);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    public void TamperedRequest_IsRejectedBeforeThePredictorRuns(int position)
    {
        var (request, sender) = OneShot(SumPredictor.Images(1, seed: 2), 1);
        using (sender)
        {
            var bytes = request.Ciphertext.ToByteArray();
            bytes[position < 0 ? bytes.Length - 1 : position] ^= 0x01;
            request.Ciphertext = ByteString.CopyFrom(bytes);
            Assert.Throws<AuthenticationFailedException>(() => _server.Handle(request));
            Assert.Equal(0, _predictor.Calls);
        }
    }

    [Fact]
    public void RequestWithAnotherEncapsulatedKey_IsRejected()
    {
        var (first, a) = OneShot(SumPredictor.Images(1, seed: 3), 1);
        var (second, b) = OneShot(SumPredictor.Images(1, seed: 3), 1);
        using (a) using (b)
        {
            first.EncapsulatedKey = second.EncapsulatedKey;
            Assert.Throws<AuthenticationFailedException>(() => _server.Handle(first));
        }
    }

    [Fact]
    public void Response_CannotBeOpenedWithAnotherRequestsContext()
    {
        var pixels = SumPredictor.Images(1, seed: 4);
        var (first, a) = OneShot(pixels, 1);
        var (_, b) = OneShot(pixels, 1);
        using (a) using (b)
        {
            var response = _server.Handle(first);
            Assert.Throws<AuthenticationFailedException>(() => b.Open(response, 0, 1));
            Assert.Equal(_predictor.Predict(pixels, 1), a.Open(response, 0, 1));
        }
    }

    [Fact]
    public void TamperedResponse_IsRejected()
    {
        var (request, sender) = OneShot(SumPredictor.Images(1, seed: 5), 1);
        using (sender)
        {
            var response = _server.Handle(request);
            var bytes = response.Ciphertext.ToByteArray();
            bytes[3] ^= 0x80;
            response.Ciphertext = ByteString.CopyFrom(bytes);
            Assert.Throws<AuthenticationFailedException>(() => sender.Open(response, 0, 1));
        }
    }

    SealedRequest SessionRequest(Crypto.Hpke.HpkeContext context, byte[] sessionId, byte[]? enc, ulong sequence, float[] pixels) => new()
    {
        EncapsulatedKey = enc is null ? ByteString.Empty : ByteString.CopyFrom(enc),
        SessionId = ByteString.CopyFrom(sessionId),
        Sequence = sequence,
        Ciphertext = ByteString.CopyFrom(context.Seal(InferenceProtocol.RequestAad(sessionId, sequence), TensorCodec.Images(pixels, 1).ToByteArray())),
    };

    /// <summary>A client's side of a cached session, built by hand.</summary>
    sealed class SessionSender : IDisposable
    {
        readonly InferenceProtocolTests _owner;
        readonly byte[] _enc;
        public readonly Crypto.Hpke.HpkeContext Context;
        public readonly InferenceResponseCipher Responses;
        public readonly byte[] Id = RandomNumberGenerator.GetBytes(InferenceProtocol.SessionIdSize);

        public SessionSender(InferenceProtocolTests owner, byte[] serverPublicKey)
        {
            _owner = owner;
            (_enc, Context) = InferenceProtocol.Suite.SetupBaseS(serverPublicKey, InferenceProtocol.Info);
            Responses = new InferenceResponseCipher(Context);
        }

        public SealedRequest Request(ulong sequence, float[] pixels) => _owner.SessionRequest(Context, Id, sequence == 0 ? _enc : null, sequence, pixels);

        public float[] Open(SealedResponse response, ulong sequence) =>
            TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(Responses.Open(sequence, response.Ciphertext.Span)), 1);

        public void Dispose()
        {
            Responses.Dispose();
            Context.Dispose();
        }
    }

    [Fact]
    public void CachedSession_AdvancesSequence_AndEachResponseIsBoundToItsRequest()
    {
        using var sender = new SessionSender(this, _server.PublicKey);
        var responses = new List<SealedResponse>();
        for (ulong i = 0; i < 3; i++)
        {
            var pixels = SumPredictor.Images(1, seed: 10 + (int)i);
            responses.Add(_server.Handle(sender.Request(i, pixels)));
            Assert.True(responses[^1].ResponseNonce.IsEmpty);
            Assert.Equal(_predictor.Predict(pixels, 1), sender.Open(responses[^1], i));
        }
        Assert.Equal(1, _server.SessionCount);
        // Response 1 was sealed for sequence 1: under sequence 2's nonce it does not open.
        Assert.Throws<AuthenticationFailedException>(() => sender.Open(responses[1], 2));
    }

    [Fact]
    public void CachedSessionResponse_IsAesGcmUnderTheExportedKey_WithTheSequenceXoredIntoTheNonce()
    {
        // Recomputes RFC 9180 §9.8 / §5.2 by hand from the exporter, independently of InferenceResponseCipher.
        using var sender = new SessionSender(this, _server.PublicKey);
        var pixels = SumPredictor.Images(1, seed: 60);
        _server.Handle(sender.Request(0, SumPredictor.Images(1, seed: 59)));
        var response = _server.Handle(sender.Request(1, pixels));

        var key = sender.Context.Export("fedhybrid/v1 inference response key"u8, 32);
        var nonce = sender.Context.Export("fedhybrid/v1 inference response nonce"u8, 12);
        nonce[^1] ^= 1; // sequence 1
        var sealedLogits = response.Ciphertext.Span;
        var plaintext = new byte[sealedLogits.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, sealedLogits[..^16], sealedLogits[^16..], plaintext);
        Assert.Equal(_predictor.Predict(pixels, 1), TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(plaintext), 1));
    }

    [Fact]
    public void CachedSession_ReplayedOrReorderedRequest_IsRefused()
    {
        using var sender = new SessionSender(this, _server.PublicKey);
        var first = sender.Request(0, SumPredictor.Images(1, 20));
        var second = sender.Request(1, SumPredictor.Images(1, 21));
        var third = sender.Request(2, SumPredictor.Images(1, 22));
        _server.Handle(first);
        Assert.Throws<InferenceSessionException>(() => _server.Handle(first));   // replayed opening: id in use
        Assert.Throws<InferenceSessionException>(() => _server.Handle(third));   // skips sequence 1
        _server.Handle(second);
        Assert.Throws<InferenceSessionException>(() => _server.Handle(second));  // replay
        _server.Handle(third);
    }

    [Fact]
    public void CachedSession_ClaimingAnotherSequence_DoesNotOpen()
    {
        using var sender = new SessionSender(this, _server.PublicKey);
        _server.Handle(sender.Request(0, SumPredictor.Images(1, 30)));
        var request = sender.Request(1, SumPredictor.Images(1, 31));
        request.SessionId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(InferenceProtocol.SessionIdSize));
        Assert.Throws<InferenceSessionException>(() => _server.Handle(request)); // unknown session
    }

    [Fact]
    public void SessionStart_ThatDoesNotAuthenticate_StoresNothing_AndLeavesTheIdFree()
    {
        using var sender = new SessionSender(this, _server.PublicKey);
        var genuine = sender.Request(0, SumPredictor.Images(1, 32));
        var tampered = genuine.Clone();
        var bytes = tampered.Ciphertext.ToByteArray();
        bytes[^1] ^= 1;
        tampered.Ciphertext = ByteString.CopyFrom(bytes);
        var otherKey = genuine.Clone();
        otherKey.EncapsulatedKey = ByteString.CopyFrom(InferenceProtocol.Suite.KemAlgorithm.GenerateKeyPair().PublicKey);

        Assert.Throws<AuthenticationFailedException>(() => _server.Handle(tampered));
        Assert.Throws<AuthenticationFailedException>(() => _server.Handle(otherKey));
        Assert.Equal(0, _server.SessionCount);
        Assert.Equal(0, _predictor.Calls);
        // The id was never taken: the genuine opening still starts the session.
        sender.Open(_server.Handle(genuine), 0);
        Assert.Equal(1, _server.SessionCount);
    }

    [Fact]
    public void UnauthenticatedSessionStarts_CannotEvictLiveSessions()
    {
        var pair = InferenceProtocol.Suite.KemAlgorithm.GenerateKeyPair();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 2);
        using var a = new SessionSender(this, server.PublicKey);
        using var b = new SessionSender(this, server.PublicKey);
        server.Handle(a.Request(0, SumPredictor.Images(1, 33)));
        server.Handle(b.Request(0, SumPredictor.Images(1, 34)));
        for (int i = 0; i < 50; i++)
        {
            var (enc, context) = InferenceProtocol.Suite.SetupBaseS(pair.PublicKey, InferenceProtocol.Info);
            context.Dispose();
            var garbage = new SealedRequest
            {
                EncapsulatedKey = ByteString.CopyFrom(enc),
                SessionId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(InferenceProtocol.SessionIdSize)),
                Ciphertext = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(100)),
            };
            Assert.Throws<AuthenticationFailedException>(() => server.Handle(garbage));
        }
        Assert.Equal(2, server.SessionCount);
        var pixels = SumPredictor.Images(1, 35);
        Assert.Equal(_predictor.Predict(pixels, 1), a.Open(server.Handle(a.Request(1, pixels)), 1));
        Assert.Equal(_predictor.Predict(pixels, 1), b.Open(server.Handle(b.Request(1, pixels)), 1));
    }

    [Fact]
    public void FullSessionTable_DropsTheLeastRecentlyUsedSession()
    {
        var time = new ManualTime();
        var pair = InferenceProtocol.Suite.KemAlgorithm.GenerateKeyPair();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 2, time: time);
        using var a = new SessionSender(this, server.PublicKey);
        using var b = new SessionSender(this, server.PublicKey);
        using var c = new SessionSender(this, server.PublicKey);
        server.Handle(a.Request(0, SumPredictor.Images(1, 36)));
        time.Advance(TimeSpan.FromSeconds(1));
        server.Handle(b.Request(0, SumPredictor.Images(1, 37)));
        time.Advance(TimeSpan.FromSeconds(1));
        server.Handle(a.Request(1, SumPredictor.Images(1, 38)));   // a is now the most recently used
        time.Advance(TimeSpan.FromSeconds(1));
        server.Handle(c.Request(0, SumPredictor.Images(1, 39)));   // full: b goes
        Assert.Equal(2, server.SessionCount);
        var e = Assert.Throws<InferenceSessionException>(() => server.Handle(b.Request(1, SumPredictor.Images(1, 40))));
        Assert.Contains("unknown or expired session", e.Message);
        server.Handle(a.Request(2, SumPredictor.Images(1, 41)));
        server.Handle(c.Request(1, SumPredictor.Images(1, 42)));
    }

    [Fact]
    public void Sessions_ExpireWhenIdle()
    {
        var time = new ManualTime();
        var pair = InferenceProtocol.Suite.KemAlgorithm.GenerateKeyPair();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 4, idleTimeout: TimeSpan.FromMinutes(1), time: time);
        using var a = new SessionSender(this, server.PublicKey);
        using var b = new SessionSender(this, server.PublicKey);
        using var c = new SessionSender(this, server.PublicKey);
        server.Handle(a.Request(0, SumPredictor.Images(1, 43)));
        server.Handle(b.Request(0, SumPredictor.Images(1, 44)));
        time.Advance(TimeSpan.FromSeconds(50));
        server.Handle(b.Request(1, SumPredictor.Images(1, 45)));   // b stays fresh, a does not
        time.Advance(TimeSpan.FromSeconds(30));
        server.Handle(c.Request(0, SumPredictor.Images(1, 46)));
        Assert.Equal(2, server.SessionCount);
        Assert.Throws<InferenceSessionException>(() => server.Handle(a.Request(1, SumPredictor.Images(1, 47))));
        server.Handle(b.Request(2, SumPredictor.Images(1, 48)));
    }

    [Fact]
    public void WrongInputShape_IsAMalformedRequest()
    {
        var (enc, context) = InferenceProtocol.Suite.SetupBaseS(_server.PublicKey, InferenceProtocol.Info);
        using var _ = context;
        var tensor = TensorCodec.Encode(new float[10], [1, 10]);
        var request = new SealedRequest
        {
            EncapsulatedKey = ByteString.CopyFrom(enc),
            Ciphertext = ByteString.CopyFrom(context.Seal(InferenceProtocol.RequestAad(default, 0), tensor.ToByteArray())),
        };
        var e = Assert.Throws<MalformedInferenceRequestException>(() => _server.Handle(request));
        Assert.Contains("[B, 1, 28, 28]", e.Message);
    }

    sealed class ManualTime : TimeProvider
    {
        long _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
        public override long GetTimestamp() => _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
