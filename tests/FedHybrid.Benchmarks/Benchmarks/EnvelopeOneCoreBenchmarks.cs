using System.Buffers;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>The target case: seal and open of a 6.65 MB envelope (the CNN's delta, default suite,
/// Ed25519) on one core, into a fresh array per call and into a reused buffer. With one recipient the
/// signature covers header, stanzas, salt and commitment; with two it must cover a SHA-256 of every body
/// byte, as format version 1 did for all envelopes (the second stanza adds one X25519 encapsulation on
/// seal and nothing on open), which prices that digest in the same run; and with rekey `message` (the
/// default) against `run`, which prices the asymmetric step.</summary>
[MemoryDiagnoser]
public class EnvelopeOneCoreBenchmarks : EnvelopeBenchmarkBase
{
    [Params(1, 2)]
    public int RecipientCount { get; set; }

    /// <summary>Message: one encapsulation per envelope (and one decapsulation per open); Run: both cached.</summary>
    [Params(RekeyPolicy.Message, RekeyPolicy.Run)]
    public RekeyPolicy Rekey { get; set; }

    readonly ArrayBufferWriter<byte> _sealed = new(7_000_000);
    readonly ArrayBufferWriter<byte> _opened = new(7_000_000);

    [GlobalSetup]
    public void Setup() => SetUp(6_650_000, SuiteId.HpkeX25519Aes256Gcm, RecipientCount, workers: 1, Rekey);

    [GlobalCleanup]
    public void Cleanup() => TearDown();

    [Benchmark(Description = "envelope seal")]
    public byte[] Seal() => Sealer.Seal("bench", ++Round, Recipients, Message);

    [Benchmark(Description = "envelope open")]
    public byte[] Open() => Opener.Open(Envelope, Expected).Plaintext;

    [Benchmark(Description = "envelope seal, reused buffer")]
    public int SealIntoBuffer()
    {
        _sealed.ResetWrittenCount();
        return Sealer.Seal("bench", ++Round, Recipients, Message, _sealed);
    }

    [Benchmark(Description = "envelope open, reused buffer")]
    public int OpenIntoBuffer()
    {
        _opened.ResetWrittenCount();
        Opener.Open(Envelope, Expected, _opened);
        return _opened.WrittenCount;
    }
}
