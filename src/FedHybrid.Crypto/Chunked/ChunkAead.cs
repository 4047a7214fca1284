namespace FedHybrid.Crypto.Chunked;

/// <summary>AES-256-GCM with a 16-byte tag under one key, called once per 16 KiB chunk. Not thread-safe:
/// each worker owns one. Disposing erases the key schedule.</summary>
internal abstract class ChunkAead : IDisposable
{
    public const int TagSize = 16;

    public static ChunkAead Create(ReadOnlySpan<byte> key, ChunkAeadBackend backend = ChunkAeadBackend.Auto) => backend switch
    {
        ChunkAeadBackend.Managed => new ManagedChunkAead(key),
        ChunkAeadBackend.OpenSsl => new OpenSslChunkAead(key),
        _ => LibCrypto.IsAvailable ? new OpenSslChunkAead(key) : new ManagedChunkAead(key),
    };

    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default);

    /// <summary>False when the tag does not verify; <paramref name="plaintext"/> then holds no released data
    /// the caller may use (the caller zeroes it).</summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default);

    public abstract void Dispose();
}
