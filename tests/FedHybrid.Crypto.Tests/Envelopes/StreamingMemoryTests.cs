using System.Security.Cryptography;
using FedHybrid.Crypto.Envelopes;
using FedHybrid.Crypto.Signatures;
using FedHybrid.Crypto.Suites;

namespace FedHybrid.Crypto.Tests.Envelopes;

/// <summary>A 100 MB body seals and opens through the Stream API while the process allocates only a
/// small fraction of that (pooled chunk batches), measured with GC.GetTotalAllocatedBytes. The count is
/// process-wide, so the test runs alone (its collection disables parallelization).</summary>
[Collection(nameof(StreamingMemoryTests))]
[CollectionDefinition(nameof(StreamingMemoryTests), DisableParallelization = true)]
public sealed class StreamingMemoryTests
{
    const long Size = 100L * 1024 * 1024;
    const long AllocationBudget = 8L * 1024 * 1024;

    [Fact]
    public async Task HundredMegabytesRoundTripInBoundedMemory()
    {
        var ct = TestContext.Current.CancellationToken;
        var signer = TestKeys.Signer(SignatureAlgorithm.Ed25519);
        var identity = TestKeys.Identity(SuiteId.HpkeX25519Aes256Gcm);
        var path = Path.Combine(Path.GetTempPath(), $"fedhybrid-100mb-{Guid.NewGuid():N}.sealed");
        try
        {
            using var sealer = new EnvelopeSealer("client", signer, maxParallelism: 2);
            using var opener = new EnvelopeOpener("coordinator", identity, maxParallelism: 2);
            var recipients = new[] { new EnvelopeRecipient("coordinator", identity.Recipient) };
            // Warm up pools and JIT so the measurement sees the steady state.
            await sealer.SealAsync("run", 1, recipients, new PatternStream(100_000), Stream.Null, plaintextLength: 100_000, cancellationToken: ct);

            var source = new PatternStream(Size);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                await sealer.SealAsync("run", 1, recipients, source, file, plaintextLength: Size, cancellationToken: ct);
            long sealAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(new FileInfo(path).Length > Size);

            var sink = new HashingSink();
            before = GC.GetTotalAllocatedBytes(precise: true);
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
                await opener.OpenAsync(file, sink, new ExpectedEnvelope("run", 1, "client", signer.VerificationKey), ct);
            long openAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            TestContext.Current.TestOutputHelper?.WriteLine($"100 MiB body: seal allocated {sealAllocated:N0} B, open allocated {openAllocated:N0} B");
            Assert.Equal(Size, sink.Length);
            Assert.Equal(new PatternStream(Size).Sha256(), sink.Hash());
            Assert.True(sealAllocated < AllocationBudget, $"seal allocated {sealAllocated:N0} bytes for a {Size:N0}-byte body");
            Assert.True(openAllocated < AllocationBudget, $"open allocated {openAllocated:N0} bytes for a {Size:N0}-byte body");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A deterministic, non-seekable byte source that is never materialized.</summary>
    sealed class PatternStream(long length) : Stream
    {
        long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            for (int i = 0; i < n; i++) buffer[i] = (byte)((_position + i) * 2654435761L >> 13);
            _position += n;
            return n;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
        public byte[] Sha256()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = Read(buffer)) > 0) hash.AppendData(buffer, 0, n);
            return hash.GetHashAndReset();
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A write-only sink that hashes what it receives instead of keeping it.</summary>
    sealed class HashingSink : Stream
    {
        readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { _hash.AppendData(buffer); _length += buffer.Length; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); return ValueTask.CompletedTask; }
        public byte[] Hash() => _hash.GetHashAndReset();
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
