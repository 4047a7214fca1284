using System.Security.Cryptography;
using FedHybrid.Crypto.Inference;

namespace FedHybrid.Crypto.Tests.Inference;

/// <summary>The sealed-inference operations: RFC 9458's response derivation against its published
/// example, the cached-session response recomputed by hand, and the rules that keep a response nonce
/// from ever repeating.</summary>
public sealed class InferenceSealingTests : IDisposable
{
    readonly InferenceKeyPair _pair = InferenceKeyPair.Generate();
    readonly InferenceServerKey _server;
    readonly InferenceClientSession _client;

    public InferenceSealingTests()
    {
        _server = new InferenceServerKey(_pair.PrivateKey);
        _client = InferenceClientSession.Start(_server.PublicKey);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _pair.Clear();
    }

    static Dictionary<string, byte[]> Vector() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "ohttp", "rfc9458-appendix-a.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));

    [Fact]
    public void ResponseKeyDerivation_MatchesRfc9458AppendixA()
    {
        var v = Vector();
        var key = new byte[16];
        var nonce = new byte[12];
        InferenceSealing.DeriveResponseKey(v["secret"], v["enc"], v["response_nonce"], key, nonce);
        Assert.Equal(v["aead_key"], key);
        Assert.Equal(v["aead_nonce"], nonce);

        var sealedResponse = v["encapsulated_response"].AsSpan(v["response_nonce"].Length);
        var plaintext = new byte[sealedResponse.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, sealedResponse[..^16], sealedResponse[^16..], plaintext);
        Assert.Equal(v["response"], plaintext);
    }

    [Fact]
    public void OneShot_RoundTrips_AndTheResponseOpensOnlyForItsRequest()
    {
        using var request = OneShotInferenceRequest.Seal(_server.PublicKey, "pixels"u8);
        using var other = OneShotInferenceRequest.Seal(_server.PublicKey, "pixels"u8);
        using var reply = _server.OpenOneShot(request.Enc, request.Ciphertext);
        Assert.Equal("pixels"u8.ToArray(), reply.Plaintext);
        var (responseNonce, ciphertext) = reply.SealResponse("logits"u8);
        Assert.Equal(InferenceWire.ResponseNonceSize, responseNonce.Length);
        Assert.Equal("logits"u8.ToArray(), request.OpenResponse(responseNonce, ciphertext));
        Assert.Throws<AuthenticationFailedException>(() => other.OpenResponse(responseNonce, ciphertext));
        // One request, one answer.
        Assert.Throws<InvalidOperationException>(() => reply.SealResponse("again"u8));
    }

    [Fact]
    public void CachedSessionResponse_IsAesGcmUnderTheExportedKey_WithTheSequenceXoredIntoTheNonce()
    {
        // Recomputes RFC 9180 §9.8 / §5.2 by hand from a receiver context of the same request.
        var first = _client.SealRequest("r0"u8, out ulong s0);
        var second = _client.SealRequest("r1"u8, out ulong s1);
        Assert.Equal((0ul, 1ul), (s0, s1));
        using var session = _server.StartSession(_client.Enc, _client.Id, first, out var p0);
        Assert.Equal("r0"u8.ToArray(), p0);
        Assert.Equal("r1"u8.ToArray(), session.OpenRequest(1, second));
        var response = session.SealResponse(1, "logits"u8);

        using var context = InferenceSealing.Suite.SetupBaseR(_client.Enc, _pair.PrivateKey, InferenceSealing.Info);
        var key = context.Export("fedhybrid/v1 inference response key"u8, 32);
        var nonce = context.Export("fedhybrid/v1 inference response nonce"u8, 12);
        nonce[^1] ^= 1; // sequence 1
        var plaintext = new byte[response.Length - 16];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, response.AsSpan(0, response.Length - 16), response.AsSpan(response.Length - 16), plaintext);
        Assert.Equal("logits"u8.ToArray(), plaintext);
        Assert.Equal("logits"u8.ToArray(), _client.OpenResponse(1, response));
        Assert.Throws<AuthenticationFailedException>(() => _client.OpenResponse(0, response));
    }

    [Fact]
    public void AServerSessionAnswersEachOpenedRequestOnce_AndOpensOnlyInOrder()
    {
        var first = _client.SealRequest("r0"u8, out _);
        var second = _client.SealRequest("r1"u8, out _);
        var third = _client.SealRequest("r2"u8, out _);
        using var session = _server.StartSession(_client.Enc, _client.Id, first, out _);
        session.SealResponse(0, "a"u8);
        // The same sequence twice would reuse its nonce: refused.
        Assert.Throws<InvalidOperationException>(() => session.SealResponse(0, "b"u8));
        // A request not yet opened has no answer.
        Assert.Throws<InvalidOperationException>(() => session.SealResponse(1, "c"u8));
        Assert.Throws<ReplayedEnvelopeException>(() => session.OpenRequest(2, third));
        Assert.Throws<ReplayedEnvelopeException>(() => session.OpenRequest(0, first));
        session.OpenRequest(1, second);
        Assert.Equal(2ul, session.NextSequence);
    }

    [Fact]
    public void ASessionStartThatDoesNotAuthenticateOpensNothing()
    {
        var first = _client.SealRequest("r0"u8, out _);
        first[^1] ^= 1;
        Assert.Throws<AuthenticationFailedException>(() => _server.StartSession(_client.Enc, _client.Id, first, out _));
        // Another session id is another AAD.
        first[^1] ^= 1;
        Assert.Throws<AuthenticationFailedException>(() => _server.StartSession(_client.Enc, new byte[InferenceWire.SessionIdSize], first, out _));
    }

    [Fact]
    public void KeysOfTheWrongLengthAreRefusedNamingTheLength()
    {
        Assert.Contains("32-byte X25519 public key, got 31", Assert.Throws<InvalidKeyException>(() => OneShotInferenceRequest.Seal(new byte[31], "x"u8)).Message);
        Assert.Contains("32-byte X25519 private key, got 33", Assert.Throws<InvalidKeyException>(() => new InferenceServerKey(new byte[33])).Message);
    }
}
