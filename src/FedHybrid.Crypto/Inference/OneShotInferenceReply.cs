using System.Security.Cryptography;

namespace FedHybrid.Crypto.Inference;

/// <summary>An opened one-shot request: its plaintext, and the one response that may be sealed to it
/// (under a fresh random response nonce, RFC 9458 §4.4). Zeroes its response secret on dispose.</summary>
public sealed class OneShotInferenceReply : IDisposable
{
    readonly byte[] _secret;
    readonly byte[] _enc;
    bool _answered;

    internal OneShotInferenceReply(byte[] plaintext, byte[] secret, byte[] enc)
    {
        Plaintext = plaintext;
        _secret = secret;
        _enc = enc;
    }

    /// <summary>The request's plaintext (the caller's to zero).</summary>
    public byte[] Plaintext { get; }

    /// <summary>(response_nonce, ciphertext || tag) of the answer; a request is answered once.</summary>
    public (byte[] ResponseNonce, byte[] Ciphertext) SealResponse(ReadOnlySpan<byte> plaintext)
    {
        if (_answered)
            throw new InvalidOperationException("this request was already answered; each request has one response");
        _answered = true;
        return InferenceSealing.SealOneShotResponse(_secret, _enc, plaintext);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
