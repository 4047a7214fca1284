using System.Buffers;
using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>The target case: seal and open of a 6.65 MB envelope (the CNN's delta, default suite,
/// Ed25519) on one core, into a fresh array per call and into a reused buffer. With one recipient the
/// signature covers header, stanzas, salt and commitment; with two it must cover a SHA-256 of every body
/// byte, as format version 1 did for all envelopes (the second stanza adds one X25519 encapsulation on
/// seal and nothing on open), which prices that digest in the same run; and with rekey `message` (the
/// default) against `run`, which prices the asymmetric step.</summary>
[MemoryDiagnoser]
public class EnvelopeOneCoreBenchmarks
{
    [Params(1, 2)]
    public int Recipients { get; set; }

    /// <summary>Message: one encapsulation per envelope (and one decapsulation per open); Run: both cached.</summary>
    [Params(RekeyPolicy.Message, RekeyPolicy.Run)]
    public RekeyPolicy Rekey { get; set; }

    byte[] _message = [];
    byte[] _envelope = [];
    IIdentity[] _identities = [];
    ISigningKey _signer = null!;
    EnvelopeSealer _sealer = null!;
    EnvelopeOpener _opener = null!;
    EnvelopeRecipient[] _recipients = [];
    ExpectedEnvelope _expected = null!;
    ulong _round;
    readonly ArrayBufferWriter<byte> _sealed = new(7_000_000);
    readonly ArrayBufferWriter<byte> _opened = new(7_000_000);

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[6_650_000];
        new Random(1).NextBytes(_message);
        _identities = Enumerable.Range(0, Recipients).Select(_ => Suite.GenerateIdentity(SuiteId.HpkeX25519Aes256Gcm)).ToArray();
        _signer = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        _sealer = new EnvelopeSealer("sender", _signer, Rekey);
        _opener = new EnvelopeOpener("r0", _identities[0], rekey: Rekey);
        _recipients = _identities.Select((identity, i) => new EnvelopeRecipient($"r{i}", identity.Recipient)).ToArray();
        _expected = new ExpectedEnvelope("bench", 1, "sender", _signer.VerificationKey);
        _envelope = _sealer.Seal("bench", 1, _recipients, _message);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sealer.Dispose();
        _opener.Dispose();
        foreach (var identity in _identities) identity.Dispose();
        _signer.Dispose();
    }

    [Benchmark(Description = "envelope seal")]
    public byte[] Seal() => _sealer.Seal("bench", ++_round, _recipients, _message);

    [Benchmark(Description = "envelope open")]
    public byte[] Open() => _opener.Open(_envelope, _expected).Plaintext;

    [Benchmark(Description = "envelope seal, reused buffer")]
    public int SealIntoBuffer()
    {
        _sealed.ResetWrittenCount();
        return _sealer.Seal("bench", ++_round, _recipients, _message, _sealed);
    }

    [Benchmark(Description = "envelope open, reused buffer")]
    public int OpenIntoBuffer()
    {
        _opened.ResetWrittenCount();
        _opener.Open(_envelope, _expected, _opened);
        return _opened.WrittenCount;
    }
}
