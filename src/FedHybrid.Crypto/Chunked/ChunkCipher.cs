using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FedHybrid.Crypto.Chunked;

/// <summary>The raw mode of c2sp.org/chunked-encryption with AES-256-GCM: chunk i is sealed under
/// the key with nonce = base nonce XOR i (big-endian), empty AAD. Holds a copy of the key and base
/// nonce and zeroes them on dispose. Internal: raw mode is a hazmat building block, not an API.</summary>
internal sealed class ChunkCipher : IDisposable
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int ChunkSize = 16 * 1024;
    public const int SealedChunkSize = ChunkSize + TagSize;
    /// <summary>The scheme forbids a chunk counter of 2^38 or more.</summary>
    public const long MaxChunks = 1L << 38;

    readonly byte[] _key;
    readonly byte[] _baseNonce;
    readonly ChunkAeadBackend _backend;

    public ChunkCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> baseNonce, ChunkAeadBackend backend = ChunkAeadBackend.Auto)
    {
        if (key.Length != KeySize) throw new InvalidKeyException($"AES-256-GCM key must be {KeySize} bytes, got {key.Length}.");
        if (baseNonce.Length != NonceSize) throw new ArgumentException($"base nonce must be {NonceSize} bytes", nameof(baseNonce));
        _key = key.ToArray();
        _baseNonce = baseNonce.ToArray();
        _backend = backend;
    }

    /// <summary>Number of chunks a plaintext run of this length forms; a final run always ends with a short (maybe empty) chunk.</summary>
    public static long ChunkCount(long plaintextLength, bool final) => final ? plaintextLength / ChunkSize + 1 : plaintextLength / ChunkSize;

    public static long SealedLength(long plaintextLength, bool final) => plaintextLength + ChunkCount(plaintextLength, final) * TagSize;

    /// <summary>Plaintext length of a run of sealed chunks, or an error naming the truncation.</summary>
    public static long OpenedLength(long sealedLength, bool final)
    {
        long full = sealedLength / SealedChunkSize, rem = sealedLength % SealedChunkSize;
        if (!final)
        {
            if (rem != 0) throw new ArgumentException("a non-final run must hold whole chunks", nameof(sealedLength));
            return full * ChunkSize;
        }
        if (rem < TagSize)
            throw new AuthenticationFailedException(rem == 0
                ? "Chunked ciphertext is truncated: the short final chunk is missing."
                : $"Chunked ciphertext is truncated: the final chunk has {rem} bytes, fewer than its {TagSize}-byte tag.");
        return full * ChunkSize + rem - TagSize;
    }

    /// <summary>Seals <paramref name="plaintext"/> as chunks numbered from <paramref name="firstChunk"/>.
    /// A non-final run must be whole chunks; a final run ends with a chunk shorter than 16 KiB.</summary>
    public unsafe void Seal(long firstChunk, ReadOnlySpan<byte> plaintext, Span<byte> sealedChunks, bool final, int maxParallelism)
    {
        if (!final && plaintext.Length % ChunkSize != 0) throw new ArgumentException("a non-final run must hold whole chunks", nameof(plaintext));
        long count = ChunkCount(plaintext.Length, final);
        CheckCounter(firstChunk, count);
        if (sealedChunks.Length != SealedLength(plaintext.Length, final)) throw new ArgumentException("destination has the wrong length", nameof(sealedChunks));
        fixed (byte* pt = plaintext)
        fixed (byte* ct = sealedChunks)
        {
            nint ptAddr = (nint)pt, ctAddr = (nint)ct;
            int ptLength = plaintext.Length;
            ForEachRange((int)count, maxParallelism, (gcm, from, to) =>
            {
                Span<byte> nonce = stackalloc byte[NonceSize];
                for (int i = from; i < to; i++)
                {
                    int offset = i * ChunkSize, length = Math.Min(ChunkSize, ptLength - offset);
                    var input = new ReadOnlySpan<byte>((byte*)ptAddr + offset, length);
                    var output = new Span<byte>((byte*)ctAddr + (long)i * SealedChunkSize, length + TagSize);
                    NonceFor(firstChunk + i, nonce);
                    gcm.Encrypt(nonce, input, output.Slice(0, length), output.Slice(length, TagSize));
                }
                return -1;
            });
        }
    }

    /// <summary>Opens a run of sealed chunks. Every chunk is authenticated; if any fails, the
    /// destination is zeroed and <see cref="AuthenticationFailedException"/> names the first bad chunk.</summary>
    public unsafe void Open(long firstChunk, ReadOnlySpan<byte> sealedChunks, Span<byte> plaintext, bool final, int maxParallelism)
    {
        long ptLength = OpenedLength(sealedChunks.Length, final);
        long count = ChunkCount(ptLength, final);
        CheckCounter(firstChunk, count);
        if (plaintext.Length != ptLength) throw new ArgumentException("destination has the wrong length", nameof(plaintext));
        int failed;
        fixed (byte* pt = plaintext)
        fixed (byte* ct = sealedChunks)
        {
            nint ptAddr = (nint)pt, ctAddr = (nint)ct;
            int totalPt = (int)ptLength;
            failed = ForEachRange((int)count, maxParallelism, (gcm, from, to) =>
            {
                Span<byte> nonce = stackalloc byte[NonceSize];
                for (int i = from; i < to; i++)
                {
                    int offset = i * ChunkSize, length = Math.Min(ChunkSize, totalPt - offset);
                    var input = new ReadOnlySpan<byte>((byte*)ctAddr + (long)i * SealedChunkSize, length + TagSize);
                    var output = new Span<byte>((byte*)ptAddr + offset, length);
                    NonceFor(firstChunk + i, nonce);
                    if (!gcm.TryDecrypt(nonce, input.Slice(0, length), input.Slice(length, TagSize), output))
                        return i;
                }
                return -1;
            });
        }
        if (failed >= 0)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new AuthenticationFailedException(
                $"Chunk {firstChunk + failed} failed to authenticate: it was modified, reordered, duplicated, truncated, or sealed under another key.");
        }
    }

    void NonceFor(long chunk, Span<byte> nonce)
    {
        _baseNonce.CopyTo(nonce);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, chunk);
        // The counter is < 2^38, so only the last 5 bytes of the nonce change.
        for (int k = 0; k < 5; k++)
            nonce[NonceSize - 5 + k] ^= counter[3 + k];
    }

    static void CheckCounter(long firstChunk, long count)
    {
        if (firstChunk < 0 || firstChunk + count > MaxChunks)
            throw new CryptoException("Chunked message exceeds 2^38 chunks, the scheme's limit.");
    }

    /// <summary>Runs <paramref name="body"/> over contiguous chunk ranges, one AEAD context per worker.
    /// Returns the lowest chunk index a worker reported as failed, or -1.</summary>
    int ForEachRange(int count, int maxParallelism, Func<ChunkAead, int, int, int> body)
    {
        int workers = Math.Clamp(Math.Min(maxParallelism, count), 1, Environment.ProcessorCount);
        if (workers == 1)
        {
            using var gcm = ChunkAead.Create(_key, _backend);
            return body(gcm, 0, count);
        }
        int failed = int.MaxValue;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int from = (int)((long)count * w / workers), to = (int)((long)count * (w + 1) / workers);
            using var gcm = ChunkAead.Create(_key, _backend);
            int result = body(gcm, from, to);
            if (result >= 0)
            {
                int current;
                while (result < (current = Volatile.Read(ref failed)) && Interlocked.CompareExchange(ref failed, result, current) != current) { }
            }
        });
        return failed == int.MaxValue ? -1 : failed;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_baseNonce);
    }
}
