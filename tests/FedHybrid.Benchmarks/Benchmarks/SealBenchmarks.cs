using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Envelope seal and open throughput of model-sized bodies: 6.65 MB (the CNN's delta) and 0.8 MB
/// (the 2NN's), single-threaded and with chunks spread over every core, per suite (Ed25519 signature).
/// <see cref="ChunkedBenchmarks"/> isolates the body.</summary>
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
    IIdentity _identity = null!;
    ISigningKey _signer = null!;
    EnvelopeSealer _sealer = null!;
    EnvelopeOpener _opener = null!;
    EnvelopeRecipient[] _recipients = [];
    ExpectedEnvelope _expected = null!;
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
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sealer.Dispose();
        _opener.Dispose();
        _identity.Dispose();
        _signer.Dispose();
    }

    [Benchmark(Description = "envelope seal")]
    public byte[] Seal() => _sealer.Seal("bench", ++_round, _recipients, _message);

    [Benchmark(Description = "envelope open")]
    public byte[] Open() => _opener.Open(_envelope, _expected).Plaintext;
}
