using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Chunked;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Seal and open throughput of model-sized bodies: 6.65 MB (the CNN's delta) and 0.8 MB (the
/// 2NN's), single-threaded and with chunks spread over every core, per suite; plus the bare
/// Cobblestone-256 body and one-shot AES-256-GCM over the same bytes as the in-process reference
/// (compare with `openssl speed -evp aes-256-gcm`).</summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    [Params(6_650_000, 800_000)]
    public int Bytes { get; set; }

    [Params(1, 0)] // 0 = Environment.ProcessorCount
    public int Parallelism { get; set; }

    [Params(SuiteId.HpkeX25519Aes256Gcm, SuiteId.PqXWingAes256Gcm, SuiteId.Rsa4096OaepAes256Gcm, SuiteId.None)]
    public SuiteId Suite { get; set; }

    byte[] _message = [];
    byte[] _envelope = [];
    byte[] _body = [];
    byte[] _key = [];
    byte[] _aesOutput = [];
    byte[] _tag = new byte[16];
    IIdentity _identity = null!;
    ISigningKey _signer = null!;
    EnvelopeSealer _sealer = null!;
    EnvelopeOpener _opener = null!;
    EnvelopeRecipient[] _recipients = [];
    ExpectedEnvelope _expected = null!;
    AesGcm _aes = null!;
    ulong _round;

    int Workers => Parallelism == 0 ? Environment.ProcessorCount : Parallelism;

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[Bytes];
        new Random(1).NextBytes(_message);
        _identity = Crypto.Suites.Suite.GenerateIdentity(Suite);
        _signer = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        _sealer = new EnvelopeSealer("client", _signer, maxParallelism: Workers);
        _opener = new EnvelopeOpener("coordinator", _identity, maxParallelism: Workers);
        _recipients = [new EnvelopeRecipient("coordinator", _identity.Recipient)];
        _expected = new ExpectedEnvelope("bench", 1, "client", _signer.VerificationKey);
        _envelope = _sealer.Seal("bench", 1, _recipients, _message);
        _key = RandomNumberGenerator.GetBytes(32);
        _body = Cobblestone256.Encrypt(_key, "ctx"u8, _message, Workers);
        _aes = new AesGcm(_key, 16);
        _aesOutput = new byte[Bytes];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sealer.Dispose();
        _opener.Dispose();
        _identity.Dispose();
        _signer.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Description = "envelope seal")]
    public byte[] Seal() => _sealer.Seal("bench", ++_round, _recipients, _message);

    [Benchmark(Description = "envelope open")]
    public byte[] Open() => _opener.Open(_envelope, _expected).Plaintext;

    [Benchmark(Description = "Cobblestone-256 encrypt")]
    public byte[] BodyEncrypt() => Cobblestone256.Encrypt(_key, "ctx"u8, _message, Workers);

    [Benchmark(Description = "Cobblestone-256 decrypt")]
    public byte[] BodyDecrypt() => Cobblestone256.Decrypt(_key, "ctx"u8, _body, Workers);

    /// <summary>Reference: one AES-256-GCM call over the whole buffer, no chunking, one core.
    /// The fixed nonce is harmless here: the output is discarded, never sent.</summary>
    [Benchmark(Description = "AES-256-GCM one-shot reference")]
    public byte[] AesGcmReference()
    {
        Span<byte> nonce = stackalloc byte[12];
        _aes.Encrypt(nonce, _message, _aesOutput, _tag);
        return _aesOutput;
    }
}
