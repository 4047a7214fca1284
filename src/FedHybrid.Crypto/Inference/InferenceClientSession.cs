using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Inference;

/// <summary>The client's side of a cached session: one HPKE context to the server's key, a random
/// session id, requests sealed at sequence 0, 1, 2, ... (this class picks the sequence, so none is
/// reused) and the responses to them. Not thread-safe: send one request at a time.</summary>
public sealed class InferenceClientSession : IDisposable
{
    readonly HpkeContext _context;
    readonly InferenceSessionCipher _responses;
    readonly byte[] _id;

    InferenceClientSession(byte[] enc, HpkeContext context)
    {
        Enc = enc;
        _context = context;
        _id = RandomNumberGenerator.GetBytes(InferenceWire.SessionIdSize);
        _responses = new InferenceSessionCipher(context);
    }

    /// <summary>HPKE's encapsulated key, sent with the session's first request only.</summary>
    public byte[] Enc { get; }
    public ReadOnlySpan<byte> Id => _id;
    /// <summary>The sequence number the next request will be sealed at.</summary>
    public ulong NextSequence { get; private set; }

    public static InferenceClientSession Start(ReadOnlySpan<byte> serverPublicKey)
    {
        InferenceKeyPair.RequireLength(serverPublicKey.Length, InferenceWire.PublicKeySize, "public");
        var (enc, context) = InferenceSealing.Suite.SetupBaseS(serverPublicKey, InferenceSealing.Info);
        return new InferenceClientSession(enc, context);
    }

    /// <summary>Seals the next request; <paramref name="sequence"/> is the number it was sealed at.</summary>
    public byte[] SealRequest(ReadOnlySpan<byte> plaintext, out ulong sequence)
    {
        sequence = NextSequence;
        Span<byte> aad = stackalloc byte[InferenceSealing.MaxRequestAadSize];
        var ciphertext = _context.Seal(InferenceSealing.RequestAad(_id, sequence, aad), plaintext);
        NextSequence++;
        return ciphertext;
    }

    /// <summary>Opens the answer to the request sealed at <paramref name="sequence"/>;
    /// <see cref="AuthenticationFailedException"/> for any other answer, or a tampered one.</summary>
    public byte[] OpenResponse(ulong sequence, ReadOnlySpan<byte> ciphertext) => _responses.Open(sequence, ciphertext);

    public void Dispose()
    {
        _responses.Dispose();
        _context.Dispose();
    }
}
