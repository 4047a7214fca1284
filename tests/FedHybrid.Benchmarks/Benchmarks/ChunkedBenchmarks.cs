using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Chunked;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>The envelope body alone: Cobblestone-256 encrypt and decrypt of 6.65 MB and 0.8 MB into
/// preallocated buffers, on one core and on all, next to one-shot AES-256-GCM over the same bytes as
/// the in-process reference (compare both with `openssl speed -evp aes-256-gcm`), and the chunk layer
/// alone on each AEAD backend (.NET's AesGcm per chunk vs one reused libcrypto context).</summary>
[MemoryDiagnoser]
public class ChunkedBenchmarks
{
    [Params(6_650_000, 800_000)]
    public int Bytes { get; set; }

    [Params(1, 0)] // 0 = Environment.ProcessorCount
    public int Parallelism { get; set; }

    byte[] _message = [];
    byte[] _body = [];
    byte[] _opened = [];
    byte[] _key = [];
    byte[] _aesOutput = [];
    readonly byte[] _tag = new byte[16];
    AesGcm _aes = null!;
    ChunkCipher _managedChunks = null!;
    ChunkCipher _openSslChunks = null!;

    int Workers => Parallelism == 0 ? Environment.ProcessorCount : Parallelism;

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[Bytes];
        new Random(1).NextBytes(_message);
        _key = RandomNumberGenerator.GetBytes(32);
        _body = Cobblestone256.Encrypt(_key, "ctx"u8, _message, Workers);
        _opened = new byte[Bytes];
        _aes = new AesGcm(_key, 16);
        _aesOutput = new byte[Bytes];
        var nonce = RandomNumberGenerator.GetBytes(12);
        _managedChunks = new ChunkCipher(_key, nonce, ChunkAeadBackend.Managed);
        _openSslChunks = new ChunkCipher(_key, nonce, LibCrypto.IsAvailable ? ChunkAeadBackend.OpenSsl : ChunkAeadBackend.Managed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _managedChunks.Dispose();
        _openSslChunks.Dispose();
    }

    [Benchmark(Description = "chunks only, .NET AesGcm backend")]
    public byte[] ManagedChunks()
    {
        _managedChunks.Seal(0, _message, _body.AsSpan(Cobblestone256.HeaderSize), final: true, Workers);
        return _body;
    }

    [Benchmark(Description = "chunks only, OpenSSL EVP backend")]
    public byte[] OpenSslChunks()
    {
        _openSslChunks.Seal(0, _message, _body.AsSpan(Cobblestone256.HeaderSize), final: true, Workers);
        return _body;
    }

    [Benchmark(Description = "Cobblestone-256 encrypt")]
    public byte[] Encrypt()
    {
        Cobblestone256.Encrypt(_key, "ctx"u8, _message, _body, Workers);
        return _body;
    }

    [Benchmark(Description = "Cobblestone-256 decrypt")]
    public byte[] Decrypt()
    {
        Cobblestone256.Decrypt(_key, "ctx"u8, _body, _opened, Workers);
        return _opened;
    }

    /// <summary>Reference: one AES-256-GCM call over the whole buffer, no chunking, one core. The fixed
    /// nonce is harmless here: the output is discarded, never sent.</summary>
    [Benchmark(Baseline = true, Description = "AES-256-GCM one-shot reference")]
    public byte[] AesGcmReference()
    {
        Span<byte> nonce = stackalloc byte[12];
        _aes.Encrypt(nonce, _message, _aesOutput, _tag);
        return _aesOutput;
    }
}
