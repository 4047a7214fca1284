using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Inference;
using FedHybrid.Inference;
using FedHybrid.Federation.Protocol;
using Google.Protobuf;
using Xunit;

namespace FedHybrid.Inference.Tests;

/// <summary>The server core without gRPC, against requests sealed by Crypto's client operations
/// (the cryptography itself is tested in FedHybrid.Crypto.Tests/Inference).</summary>
public sealed class InferenceProtocolTests : IDisposable
{
    readonly SumPredictor _predictor = new();
    readonly SealedInferenceServer _server;

    public InferenceProtocolTests()
    {
        var pair = InferenceKeyPair.Generate();
        _server = new SealedInferenceServer(pair.PrivateKey, _predictor);
    }

    public void Dispose() => _server.Dispose();

    (SealedRequest Request, OneShotSender Sender) OneShot(float[] pixels, int batch)
    {
        var sealedRequest = OneShotInferenceRequest.Seal(_server.PublicKey, TensorCodec.Images(pixels, batch).ToByteArray());
        var request = new SealedRequest
        {
            EncapsulatedKey = ByteString.CopyFrom(sealedRequest.Enc),
            Ciphertext = ByteString.CopyFrom(sealedRequest.Ciphertext),
        };
        return (request, new OneShotSender(sealedRequest));
    }

    sealed record OneShotSender(OneShotInferenceRequest Request) : IDisposable
    {
        public float[] Open(SealedResponse response, int batch) =>
            TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(Request.OpenResponse(response.ResponseNonce.Span, response.Ciphertext.Span)), batch);

        public void Dispose() => Request.Dispose();
    }

    [Fact]
    public void OneShot_RoundTrip_ReturnsThePredictorsLogits()
    {
        var pixels = SumPredictor.Images(3, seed: 1);
        var (request, sender) = OneShot(pixels, 3);
        using (sender)
        {
            var logits = sender.Open(_server.Handle(request), 3);
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
            Assert.Throws<AuthenticationFailedException>(() => b.Open(response, 1));
            Assert.Equal(_predictor.Predict(pixels, 1), a.Open(response, 1));
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
            Assert.Throws<AuthenticationFailedException>(() => sender.Open(response, 1));
        }
    }

    /// <summary>A client's side of a cached session, sealed by Crypto's <see cref="InferenceClientSession"/>.</summary>
    sealed class SessionSender(byte[] serverPublicKey) : IDisposable
    {
        readonly InferenceClientSession _session = InferenceClientSession.Start(serverPublicKey);

        public byte[] Id => _session.Id.ToArray();

        /// <summary>The next request; <paramref name="sequence"/> states which one the test expects it to be.</summary>
        public SealedRequest Request(ulong sequence, float[] pixels)
        {
            Assert.Equal(sequence, _session.NextSequence);
            var ciphertext = _session.SealRequest(TensorCodec.Images(pixels, 1).ToByteArray(), out _);
            return new()
            {
                EncapsulatedKey = sequence == 0 ? ByteString.CopyFrom(_session.Enc) : ByteString.Empty,
                SessionId = ByteString.CopyFrom(_session.Id),
                Sequence = sequence,
                Ciphertext = ByteString.CopyFrom(ciphertext),
            };
        }

        public float[] Open(SealedResponse response, ulong sequence) =>
            TensorCodec.ReadLogits(Tensor.Parser.ParseFrom(_session.OpenResponse(sequence, response.Ciphertext.Span)), 1);

        public void Dispose() => _session.Dispose();
    }

    [Fact]
    public void CachedSession_AdvancesSequence_AndEachResponseIsBoundToItsRequest()
    {
        using var sender = new SessionSender(_server.PublicKey);
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
    public void CachedSession_ReplayedOrReorderedRequest_IsRefused()
    {
        using var sender = new SessionSender(_server.PublicKey);
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
        using var sender = new SessionSender(_server.PublicKey);
        _server.Handle(sender.Request(0, SumPredictor.Images(1, 30)));
        var request = sender.Request(1, SumPredictor.Images(1, 31));
        request.SessionId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(InferenceWire.SessionIdSize));
        Assert.Throws<InferenceSessionException>(() => _server.Handle(request)); // unknown session
    }

    [Fact]
    public void SessionStart_ThatDoesNotAuthenticate_StoresNothing_AndLeavesTheIdFree()
    {
        using var sender = new SessionSender(_server.PublicKey);
        var genuine = sender.Request(0, SumPredictor.Images(1, 32));
        var tampered = genuine.Clone();
        var bytes = tampered.Ciphertext.ToByteArray();
        bytes[^1] ^= 1;
        tampered.Ciphertext = ByteString.CopyFrom(bytes);
        var otherKey = genuine.Clone();
        otherKey.EncapsulatedKey = ByteString.CopyFrom(InferenceKeyPair.Generate().PublicKey);

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
        var pair = InferenceKeyPair.Generate();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 2);
        using var a = new SessionSender(server.PublicKey);
        using var b = new SessionSender(server.PublicKey);
        server.Handle(a.Request(0, SumPredictor.Images(1, 33)));
        server.Handle(b.Request(0, SumPredictor.Images(1, 34)));
        for (int i = 0; i < 50; i++)
        {
            using var stranger = InferenceClientSession.Start(pair.PublicKey);
            var garbage = new SealedRequest
            {
                EncapsulatedKey = ByteString.CopyFrom(stranger.Enc),
                SessionId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(InferenceWire.SessionIdSize)),
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
        var pair = InferenceKeyPair.Generate();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 2, time: time);
        using var a = new SessionSender(server.PublicKey);
        using var b = new SessionSender(server.PublicKey);
        using var c = new SessionSender(server.PublicKey);
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
        var pair = InferenceKeyPair.Generate();
        using var server = new SealedInferenceServer(pair.PrivateKey, _predictor, maxSessions: 4, idleTimeout: TimeSpan.FromMinutes(1), time: time);
        using var a = new SessionSender(server.PublicKey);
        using var b = new SessionSender(server.PublicKey);
        using var c = new SessionSender(server.PublicKey);
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
        var tensor = TensorCodec.Encode(new float[10], [1, 10]);
        using var sealedRequest = OneShotInferenceRequest.Seal(_server.PublicKey, tensor.ToByteArray());
        var request = new SealedRequest
        {
            EncapsulatedKey = ByteString.CopyFrom(sealedRequest.Enc),
            Ciphertext = ByteString.CopyFrom(sealedRequest.Ciphertext),
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
