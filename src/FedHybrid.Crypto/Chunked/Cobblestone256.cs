using System.Buffers;
using System.Security.Cryptography;

namespace FedHybrid.Crypto.Chunked;

/// <summary>C2SP chunked encryption (c2sp.org/chunked-encryption) instantiated as Cobblestone-256:
/// AES-256-GCM over 16 KiB chunks, HKDF-SHA-512 key derivation, a 24-byte random salt and a 32-byte
/// key commitment. Ciphertext = salt || commitment || sealed chunks. The commitment is checked before
/// any chunk is decrypted, and no plaintext leaves a chunk before that chunk authenticates.
/// Parallelism only changes speed: the output is identical for every degree.</summary>
internal static class Cobblestone256
{
    /// <summary>Size of the input key (the AES-256 key size).</summary>
    public const int KeySize = ChunkCipher.KeySize;
    /// <summary>Plaintext bytes per chunk.</summary>
    public const int ChunkSize = ChunkCipher.ChunkSize;
    /// <summary>salt (24) + commitment (32).</summary>
    public const int HeaderSize = CobblestoneKeySchedule.SaltSize + CobblestoneKeySchedule.CommitmentSize;

    /// <summary>Chunks handed to the workers per stream batch, per degree of parallelism.</summary>
    const int ChunksPerWorkerBatch = 16;

    /// <summary>Exact ciphertext length for a plaintext of this length.</summary>
    public static long CiphertextLength(long plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return HeaderSize + ChunkCipher.SealedLength(plaintextLength, final: true);
    }

    /// <summary>Plaintext length of a ciphertext of this length; throws <see cref="AuthenticationFailedException"/>
    /// for a length no honest encryption produces (truncated header, missing or short final chunk).</summary>
    public static long PlaintextLength(long ciphertextLength)
    {
        if (ciphertextLength < HeaderSize)
            throw new AuthenticationFailedException($"Chunked ciphertext is truncated: {ciphertextLength} bytes is shorter than the {HeaderSize}-byte salt and commitment.");
        return ChunkCipher.OpenedLength(ciphertextLength - HeaderSize, final: true);
    }

    public static byte[] Encrypt(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> plaintext, int maxParallelism = 1)
    {
        // Fully overwritten below, so not zeroed first.
        var ciphertext = GC.AllocateUninitializedArray<byte>(checked((int)CiphertextLength(plaintext.Length)));
        Encrypt(inputKey, context, plaintext, ciphertext, maxParallelism);
        return ciphertext;
    }

    public static void Encrypt(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> plaintext, Span<byte> destination, int maxParallelism = 1)
    {
        Span<byte> salt = stackalloc byte[CobblestoneKeySchedule.SaltSize];
        RandomNumberGenerator.Fill(salt);
        EncryptWithSalt(inputKey, context, salt, plaintext, destination, maxParallelism);
    }

    /// <summary>Encryption with a caller-chosen salt: only for reproducing published vectors.</summary>
    internal static void EncryptWithSalt(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> plaintext, Span<byte> destination, int maxParallelism)
    {
        if (destination.Length != CiphertextLength(plaintext.Length))
            throw new ArgumentException($"destination must be exactly {CiphertextLength(plaintext.Length)} bytes", nameof(destination));
        using var cipher = DeriveCipher(inputKey, salt, context, destination.Slice(CobblestoneKeySchedule.SaltSize, CobblestoneKeySchedule.CommitmentSize));
        salt.CopyTo(destination);
        cipher.Seal(0, plaintext, destination.Slice(HeaderSize), final: true, maxParallelism);
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> ciphertext, int maxParallelism = 1)
    {
        // Fully overwritten, or zeroed and never returned if any chunk fails.
        var plaintext = GC.AllocateUninitializedArray<byte>(checked((int)PlaintextLength(ciphertext.Length)));
        Decrypt(inputKey, context, ciphertext, plaintext, maxParallelism);
        return plaintext;
    }

    /// <summary>Decrypts into <paramref name="destination"/> (exactly <see cref="PlaintextLength"/> bytes).
    /// On any failure the destination is zeroed and a <see cref="CryptoException"/> says why.</summary>
    public static void Decrypt(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> ciphertext, Span<byte> destination, int maxParallelism = 1)
    {
        long length = PlaintextLength(ciphertext.Length);
        if (destination.Length != length)
            throw new ArgumentException($"destination must be exactly {length} bytes", nameof(destination));
        using var cipher = OpenHeader(inputKey, context, ciphertext.Slice(0, HeaderSize));
        cipher.Open(0, ciphertext.Slice(HeaderSize), destination, final: true, maxParallelism);
    }

    /// <summary>Streams <paramref name="source"/> to its end into sealed chunks on <paramref name="destination"/>,
    /// holding at most one batch of chunks (16 per worker) in pooled buffers.</summary>
    public static async Task EncryptAsync(ReadOnlyMemory<byte> inputKey, ReadOnlyMemory<byte> context, Stream source, Stream destination,
        int maxParallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var header = new byte[HeaderSize];
        RandomNumberGenerator.Fill(header.AsSpan(0, CobblestoneKeySchedule.SaltSize));
        using var cipher = DeriveCipher(inputKey.Span, header.AsSpan(0, CobblestoneKeySchedule.SaltSize), context.Span,
            header.AsSpan(CobblestoneKeySchedule.SaltSize));
        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);

        int batchChunks = BatchChunks(maxParallelism);
        byte[] input = ArrayPool<byte>.Shared.Rent(batchChunks * ChunkSize);
        byte[] output = ArrayPool<byte>.Shared.Rent(batchChunks * ChunkCipher.SealedChunkSize + ChunkCipher.TagSize);
        try
        {
            long chunk = 0;
            while (true)
            {
                int read = await source.ReadAtLeastAsync(input.AsMemory(0, batchChunks * ChunkSize), batchChunks * ChunkSize,
                    throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                // A full batch holds only full chunks, which are never final; the short final chunk
                // (maybe empty) is sealed once the source runs dry.
                bool final = read < batchChunks * ChunkSize;
                int sealedLength = (int)ChunkCipher.SealedLength(read, final);
                cipher.Seal(chunk, input.AsSpan(0, read), output.AsSpan(0, sealedLength), final, maxParallelism);
                await destination.WriteAsync(output.AsMemory(0, sealedLength), cancellationToken).ConfigureAwait(false);
                chunk += ChunkCipher.ChunkCount(read, final);
                if (final) break;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Streams the ciphertext in <paramref name="source"/> (read to its end) into plaintext on
    /// <paramref name="destination"/>. The commitment is checked before any chunk is decrypted, and a batch
    /// of chunks is written only after every chunk in it authenticated. On error the plaintext already
    /// written is a validly encrypted prefix that the caller must discard. Returns the plaintext length.</summary>
    public static async Task<long> DecryptAsync(ReadOnlyMemory<byte> inputKey, ReadOnlyMemory<byte> context, Stream source, Stream destination,
        int maxParallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var header = new byte[HeaderSize];
        int headerRead = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (headerRead < HeaderSize) PlaintextLength(headerRead);
        using var cipher = OpenHeader(inputKey.Span, context.Span, header);

        int batchChunks = BatchChunks(maxParallelism);
        int batchBytes = batchChunks * ChunkCipher.SealedChunkSize;
        byte[] input = ArrayPool<byte>.Shared.Rent(batchBytes);
        byte[] output = ArrayPool<byte>.Shared.Rent(batchChunks * ChunkSize);
        long chunk = 0, total = 0;
        try
        {
            while (true)
            {
                int read = await source.ReadAtLeastAsync(input.AsMemory(0, batchBytes), batchBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                // A full 16 KiB chunk is never final, so a full batch holds no final chunk.
                bool final = read < batchBytes;
                int length = (int)ChunkCipher.OpenedLength(read, final);
                cipher.Open(chunk, input.AsSpan(0, read), output.AsSpan(0, length), final, maxParallelism);
                await destination.WriteAsync(output.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                chunk += ChunkCipher.ChunkCount(length, final);
                total += length;
                if (final) return total;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    static int BatchChunks(int maxParallelism) => ChunksPerWorkerBatch * Math.Clamp(maxParallelism, 1, Environment.ProcessorCount);

    /// <summary>Derives key, base nonce and commitment; writes the commitment to <paramref name="commitment"/>.</summary>
    static ChunkCipher DeriveCipher(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> context, Span<byte> commitment)
    {
        Span<byte> key = stackalloc byte[ChunkCipher.KeySize];
        Span<byte> nonce = stackalloc byte[ChunkCipher.NonceSize];
        try
        {
            CobblestoneKeySchedule.Derive(inputKey, salt, context, key, nonce, commitment);
            return new ChunkCipher(key, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Checks the commitment in salt || commitment before handing out a cipher.</summary>
    static ChunkCipher OpenHeader(ReadOnlySpan<byte> inputKey, ReadOnlySpan<byte> context, ReadOnlySpan<byte> header)
    {
        Span<byte> expected = stackalloc byte[CobblestoneKeySchedule.CommitmentSize];
        var cipher = DeriveCipher(inputKey, header.Slice(0, CobblestoneKeySchedule.SaltSize), context, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, header.Slice(CobblestoneKeySchedule.SaltSize, CobblestoneKeySchedule.CommitmentSize)))
        {
            cipher.Dispose();
            throw new AuthenticationFailedException("Key commitment mismatch: wrong key, wrong context, or a modified salt or commitment.");
        }
        return cipher;
    }
}
