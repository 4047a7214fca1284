using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Expands a 32-byte seed into a mask of uint32 words: AES-256 in counter mode, the seed as the
/// key and the 128-bit big-endian block counter starting at 0 as the counter block (NIST SP 800-38A,
/// section 6.5); each 16-byte keystream block gives four little-endian words. The counter blocks are
/// encrypted with <see cref="Aes.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>, which on Linux
/// runs the system libcrypto and so AES-NI where the CPU has it. Words are uniform over 2^32, so AND
/// with 2^m - 1 leaves them uniform over Z_(2^m).
///
/// <para>A seed is a PRG seed, not an encryption key: the same seed always gives the same stream, which is
/// what lets two neighbours (and the server, after reconstruction) cancel a pairwise mask. Every seed must
/// be fresh per round and per purpose (self mask, each pairwise pair); deriving them is Crypto's job.</para></summary>
public static class MaskPrg
{
    /// <summary>Bytes of a seed (an AES-256 key).</summary>
    public const int SeedSize = 32;

    // 128 KiB of keystream per libcrypto call: large enough that the per-call set-up is negligible,
    // small enough to stay in L2 for the add that follows.
    const int ChunkBlocks = 8192;
    const int WordsPerBlock = 4;

    /// <summary>Fills <paramref name="destination"/> with the first words of the stream for <paramref name="seed"/>.</summary>
    public static void Expand(ReadOnlySpan<byte> seed, Span<uint> destination)
    {
        destination.Clear();
        AddTo(seed, destination);
    }

    /// <summary><c>destination[i] += PRG(seed)[i]</c> mod 2^32.</summary>
    public static void AddTo(ReadOnlySpan<byte> seed, Span<uint> destination)
    {
        CheckSeed(seed);
        byte[] copy = seed.ToArray();
        try { Apply(destination, [copy], []); }
        finally { CryptographicOperations.ZeroMemory(copy); }
    }

    /// <summary><c>destination[i] -= PRG(seed)[i]</c> mod 2^32.</summary>
    public static void SubtractFrom(ReadOnlySpan<byte> seed, Span<uint> destination)
    {
        CheckSeed(seed);
        byte[] copy = seed.ToArray();
        try { Apply(destination, [], [copy]); }
        finally { CryptographicOperations.ZeroMemory(copy); }
    }

    /// <summary><c>destination += sum of PRG(a) over <paramref name="addSeeds"/> - sum of PRG(s) over
    /// <paramref name="subtractSeeds"/></c> mod 2^32, in one pass over <paramref name="destination"/>: each
    /// 128 KiB piece of it stays in cache while every seed's keystream for that piece is added, and the
    /// counter blocks are written once per piece for all seeds.</summary>
    public static void Apply(Span<uint> destination, ReadOnlySpan<byte[]> addSeeds, ReadOnlySpan<byte[]> subtractSeeds)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("mask expansion reads keystream words little-endian and needs a little-endian CPU");
        int seedCount = addSeeds.Length + subtractSeeds.Length;
        if (seedCount == 0 || destination.IsEmpty)
        {
            foreach (var seed in addSeeds) CheckSeed(seed);
            foreach (var seed in subtractSeeds) CheckSeed(seed);
            return;
        }
        var ciphers = new Aes[seedCount];
        int maxBlocks = Math.Min((destination.Length + WordsPerBlock - 1) / WordsPerBlock, ChunkBlocks);
        byte[] counters = ArrayPool<byte>.Shared.Rent(maxBlocks * 16);
        byte[] stream = ArrayPool<byte>.Shared.Rent(maxBlocks * 16);
        try
        {
            for (int s = 0; s < seedCount; s++)
            {
                var seed = s < addSeeds.Length ? addSeeds[s] : subtractSeeds[s - addSeeds.Length];
                CheckSeed(seed);
                ciphers[s] = Aes.Create();
                ciphers[s].Key = seed;
            }
            counters.AsSpan(0, maxBlocks * 16).Clear();
            ulong block = 0;
            int done = 0;
            while (done < destination.Length)
            {
                int words = Math.Min(destination.Length - done, ChunkBlocks * WordsPerBlock);
                int n = (words + WordsPerBlock - 1) / WordsPerBlock;
                WriteCounters(counters.AsSpan(0, n * 16), block);
                var target = destination.Slice(done, words);
                for (int s = 0; s < seedCount; s++)
                {
                    ciphers[s].EncryptEcb(counters.AsSpan(0, n * 16), stream.AsSpan(0, n * 16), PaddingMode.None);
                    var keystream = MemoryMarshal.Cast<byte, uint>(stream.AsSpan(0, n * 16))[..words];
                    if (s < addSeeds.Length)
                        RingVector.Add(target, keystream);
                    else
                        RingVector.Subtract(target, keystream);
                }
                done += words;
                block += (ulong)n;
            }
        }
        finally
        {
            foreach (var cipher in ciphers)
                cipher?.Dispose();
            CryptographicOperations.ZeroMemory(stream);
            ArrayPool<byte>.Shared.Return(counters);
            ArrayPool<byte>.Shared.Return(stream);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with stream bytes (the same stream as the words, byte for
    /// byte), for seeded randomness other than masks (stochastic rounding, graph relabelling, test RNGs).</summary>
    public static void ExpandBytes(ReadOnlySpan<byte> seed, ulong firstBlock, Span<byte> destination)
    {
        CheckSeed(seed);
        using var aes = Aes.Create();
        byte[] key = seed.ToArray();
        aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
        int blocks = (destination.Length + 15) / 16;
        byte[] counters = ArrayPool<byte>.Shared.Rent(Math.Min(blocks, ChunkBlocks) * 16);
        byte[] stream = ArrayPool<byte>.Shared.Rent(Math.Min(blocks, ChunkBlocks) * 16);
        try
        {
            counters.AsSpan().Clear();
            ulong block = firstBlock;
            int done = 0;
            while (done < destination.Length)
            {
                int n = Math.Min((destination.Length - done + 15) / 16, ChunkBlocks);
                WriteCounters(counters.AsSpan(0, n * 16), block);
                aes.EncryptEcb(counters.AsSpan(0, n * 16), stream.AsSpan(0, n * 16), PaddingMode.None);
                int take = Math.Min(n * 16, destination.Length - done);
                stream.AsSpan(0, take).CopyTo(destination[done..]);
                done += take;
                block += (ulong)n;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream);
            ArrayPool<byte>.Shared.Return(counters);
            ArrayPool<byte>.Shared.Return(stream);
        }
    }

    /// <summary>Writes the low 64 bits of each big-endian counter block; the high 64 bits stay zero (a
    /// stream never reaches 2^64 blocks).</summary>
    static void WriteCounters(Span<byte> counters, ulong first)
    {
        var halves = MemoryMarshal.Cast<byte, ulong>(counters);
        for (int b = 0; 2 * b + 1 < halves.Length; b++)
            halves[2 * b + 1] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(first + (ulong)b) : first + (ulong)b;
    }

    static void CheckSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
            throw new ArgumentException($"a mask seed is {SeedSize} bytes, got {seed.Length}", nameof(seed));
    }
}
