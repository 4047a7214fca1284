using System.Buffers.Binary;
using System.Security.Cryptography;
using FedHybrid.Crypto.Hpke;

namespace FedHybrid.Crypto.Inference;

/// <summary>The response direction of a cached session (RFC 9180 §9.8 and §5.2, see
/// <see cref="InferenceSealing"/>): one key and base nonce exported per session, the nonce of the answer
/// to request s being base_nonce XOR I2OSP(s, Nn). Not thread-safe: the owner serializes calls.</summary>
internal sealed class InferenceSessionCipher : IDisposable
{
    readonly AesGcm _aead;
    readonly byte[] _baseNonce;

    public InferenceSessionCipher(HpkeContext context)
    {
        var key = context.Export(InferenceSealing.SessionKeyLabel, InferenceSealing.KeySize);
        try
        {
            _aead = new AesGcm(key, InferenceSealing.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _baseNonce = context.Export(InferenceSealing.SessionNonceLabel, InferenceSealing.NonceSize);
    }

    /// <summary>Callers guarantee each sequence is sealed at most once (see <see cref="InferenceServerSession"/>).</summary>
    public byte[] Seal(ulong sequence, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[InferenceSealing.NonceSize];
        Nonce(sequence, nonce);
        return InferenceSealing.Seal(_aead, nonce, plaintext);
    }

    public byte[] Open(ulong sequence, ReadOnlySpan<byte> ciphertext)
    {
        Span<byte> nonce = stackalloc byte[InferenceSealing.NonceSize];
        Nonce(sequence, nonce);
        return InferenceSealing.Open(_aead, nonce, ciphertext, "this session's response key and sequence");
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
