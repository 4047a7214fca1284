using System.Security.Cryptography;

namespace FedHybrid.Crypto.Inference;

/// <summary>A sealed-inference server's private key: opens one-shot requests and the first request of
/// cached sessions. Thread-safe.</summary>
public sealed class InferenceServerKey : IDisposable
{
    readonly byte[] _privateKey;

    /// <param name="privateKey">Raw X25519 private key (32 bytes); copied, and zeroed on dispose.</param>
    public InferenceServerKey(ReadOnlySpan<byte> privateKey)
    {
        PublicKey = InferenceKeyPair.PublicKeyOf(privateKey);
        _privateKey = privateKey.ToArray();
    }

    /// <summary>The raw X25519 public key clients seal to.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Opens a one-shot request (sequence 0, no session); <see cref="AuthenticationFailedException"/>
    /// when it does not open.</summary>
    public OneShotInferenceReply OpenOneShot(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> ciphertext)
    {
        using var context = InferenceSealing.Suite.SetupBaseR(RequireEnc(enc), _privateKey, InferenceSealing.Info);
        Span<byte> aad = stackalloc byte[InferenceSealing.MaxRequestAadSize];
        var plaintext = context.Open(InferenceSealing.RequestAad(default, 0, aad), ciphertext);
        return new OneShotInferenceReply(plaintext, InferenceSealing.ResponseSecret(context, 0), enc.ToArray());
    }

    /// <summary>Opens the first request (sequence 0) of the session <paramref name="sessionId"/>;
    /// <see cref="AuthenticationFailedException"/> when it does not open, and then no session exists.</summary>
    public InferenceServerSession StartSession(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        if (sessionId.Length != InferenceWire.SessionIdSize)
            throw new MalformedEnvelopeException($"session_id must be {InferenceWire.SessionIdSize} bytes, got {sessionId.Length}");
        var session = new InferenceServerSession(InferenceSealing.Suite.SetupBaseR(RequireEnc(enc), _privateKey, InferenceSealing.Info), sessionId);
        try
        {
            plaintext = session.OpenRequest(0, ciphertext);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    static ReadOnlySpan<byte> RequireEnc(ReadOnlySpan<byte> enc) =>
        enc.Length == InferenceWire.EncapsulatedKeySize ? enc
            : throw new MalformedEnvelopeException($"encapsulated_key must be {InferenceWire.EncapsulatedKeySize} bytes, got {enc.Length}");

    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);
}
