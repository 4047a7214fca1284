using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Inference;

/// <summary>
/// The response direction of a cached session, as RFC 9180 §9.8 (bidirectional encryption) sets it
/// up: key = Export("fedhybrid/v1 inference response key", Nk) and base_nonce =
/// Export("fedhybrid/v1 inference response nonce", Nn) once per session; the answer to the request
/// sealed at sequence s is AES-256-GCM(key, base_nonce XOR I2OSP(s, Nn), aad = "", logits), the nonce
/// rule of RFC 9180 §5.2. Each sequence number answers one request only (the server opens requests
/// strictly in order), so no nonce repeats; per response this is one AES-GCM call and nothing else.
/// Not thread-safe: the owner serializes calls (one session's requests go one at a time).
/// </summary>
public sealed class InferenceResponseCipher : IDisposable
{
    static readonly byte[] KeyLabel = "fedhybrid/v1 inference response key"u8.ToArray();
    static readonly byte[] NonceLabel = "fedhybrid/v1 inference response nonce"u8.ToArray();

    readonly AesGcm _aead;
    readonly byte[] _baseNonce;

    /// <summary>The response keys of <paramref name="context"/> (either side's: both export the same).</summary>
    public InferenceResponseCipher(HpkeContext context)
    {
        var key = context.Export(KeyLabel, InferenceProtocol.KeySize);
        try
        {
            _aead = new AesGcm(key, InferenceProtocol.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _baseNonce = context.Export(NonceLabel, InferenceProtocol.NonceSize);
    }

    /// <summary>ciphertext || tag of the answer to the request sealed at <paramref name="sequence"/>.</summary>
    public byte[] Seal(ulong sequence, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[InferenceProtocol.NonceSize];
        Nonce(sequence, nonce);
        var output = new byte[plaintext.Length + InferenceProtocol.TagSize];
        _aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>Opens the answer to the request sealed at <paramref name="sequence"/>; throws
    /// <see cref="AuthenticationFailedException"/> for any other answer, or a tampered one.</summary>
    public byte[] Open(ulong sequence, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < InferenceProtocol.TagSize)
            throw new AuthenticationFailedException("sealed response is shorter than its tag");
        Span<byte> nonce = stackalloc byte[InferenceProtocol.NonceSize];
        Nonce(sequence, nonce);
        var plaintext = new byte[ciphertext.Length - InferenceProtocol.TagSize];
        try
        {
            _aead.Decrypt(nonce, ciphertext[..^InferenceProtocol.TagSize], ciphertext[^InferenceProtocol.TagSize..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new AuthenticationFailedException("sealed response does not authenticate under this session's response key and sequence", e);
        }
    }

    void Nonce(ulong sequence, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], sequence);
        for (int i = 0; i < nonce.Length; i++)
            nonce[i] ^= _baseNonce[i];
    }

    public void Dispose()
    {
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_baseNonce);
    }
}
