using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Envelope seal and open throughput of model-sized bodies: 6.65 MB (the CNN's delta) and 0.8 MB
/// (the 2NN's), single-threaded and with chunks spread over every core, per suite (Ed25519 signature, one
/// recipient, new arrays per call). <see cref="ChunkedBenchmarks"/> isolates the body.</summary>
[MemoryDiagnoser]
public class SealBenchmarks : EnvelopeBenchmarkBase
{
    [Params(6_650_000, 800_000)]
    public int Bytes { get; set; }

    [Params(1, 0)] // 0 = Environment.ProcessorCount
    public int Parallelism { get; set; }

    [Params(SuiteId.HpkeX25519Aes256Gcm, SuiteId.PqXWingAes256Gcm, SuiteId.Rsa4096OaepAes256Gcm, SuiteId.None)]
    public SuiteId Suite { get; set; }

    [GlobalSetup]
    public void Setup() => SetUp(Bytes, Suite, recipients: 1, Parallelism == 0 ? Environment.ProcessorCount : Parallelism, RekeyPolicy.Message);

    [GlobalCleanup]
    public void Cleanup() => TearDown();

    [Benchmark(Description = "envelope seal")]
    public byte[] Seal() => Sealer.Seal("bench", ++Round, Recipients, Message);

    [Benchmark(Description = "envelope open")]
    public byte[] Open() => Opener.Open(Envelope, Expected).Plaintext;
}
