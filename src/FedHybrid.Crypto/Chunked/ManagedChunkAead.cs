using System.Security.Cryptography;

namespace FedHybrid.Crypto.Chunked;

/// <summary>Chunk AEAD over System.Security.Cryptography.AesGcm: the portable backend.</summary>
internal sealed class ManagedChunkAead(ReadOnlySpan<byte> key) : ChunkAead
{
    readonly AesGcm _gcm = new(key, TagSize);

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default) =>
        _gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        try
        {
            _gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose() => _gcm.Dispose();
}
