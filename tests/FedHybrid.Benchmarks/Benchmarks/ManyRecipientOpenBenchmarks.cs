using BenchmarkDotNet.Attributes;
using FedHybrid.Crypto;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>Opening an envelope with many recipients (issue 10 item 4): a 1 KiB global model for 1,000,
/// 8,000 and 65,535 recipients (the most the format allows), default suite, Ed25519, as recipient r0; from
/// memory, from a seekable stream (two passes), from a pipe (one pass), and refusing a badly signed one
/// from a pipe. The stream reader used to re-parse the header after every read: quadratic in the count.</summary>
[MemoryDiagnoser]
public class ManyRecipientOpenBenchmarks : EnvelopeBenchmarkBase
{
    [Params(1000, 8000, 65535)]
    public int RecipientCount { get; set; }

    ExpectedEnvelope _wrongKey = null!;
    ISigningKey _someoneElse = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetUp(1024, SuiteId.HpkeX25519Aes256Gcm, RecipientCount, workers: 1, RekeyPolicy.Message);
        _someoneElse = SignatureAlgorithms.Generate(SignatureAlgorithm.Ed25519);
        _wrongKey = Expected with { SenderKey = _someoneElse.VerificationKey };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        TearDown();
        _someoneElse.Dispose();
    }

    [Benchmark(Description = "open, from memory")]
    public byte[] OpenSpan() => Opener.Open(Envelope, Expected).Plaintext;

    [Benchmark(Description = "open, seekable stream")]
    public EnvelopeHeader OpenSeekable()
    {
        using var source = new MemoryStream(Envelope, writable: false);
        return Opener.OpenAsync(source, Stream.Null, Expected).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "open, pipe")]
    public EnvelopeHeader OpenPipe()
    {
        using var source = new ForwardOnlyStream(Envelope);
        return Opener.OpenAsync(source, Stream.Null, Expected).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "refuse bad signature, pipe")]
    public bool RefusePipe()
    {
        using var source = new ForwardOnlyStream(Envelope);
        try
        {
            Opener.OpenAsync(source, Stream.Null, _wrongKey).GetAwaiter().GetResult();
            return false;
        }
        catch (AuthenticationFailedException)
        {
            return true;
        }
    }

    /// <summary>A pipe: not seekable, reads of at most 64 KiB.</summary>
    sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 65536), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
