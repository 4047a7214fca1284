using System.Security.Cryptography;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Reads exactly <c>length</c> bytes of an inner stream, hashing the first <c>hashLimit</c> of them if a hash is given; a source that ends early
/// is a truncated envelope. Lets Cobblestone read "to the end" of the body without overrunning into
/// the signature trailer.</summary>
internal sealed class HashingReadStream(Stream inner, long length, IncrementalHash? hash, long hashLimit = long.MaxValue) : Stream
{
    long _remaining = length;
    long _hashRemaining = hashLimit;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.IsEmpty) return 0;
        int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty) return 0;
        int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Account(ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty) throw new MalformedEnvelopeException($"Envelope is truncated: the body ends {_remaining} bytes early.");
        int take = (int)Math.Min(read.Length, _hashRemaining);
        if (take > 0) hash?.AppendData(read[..take]);
        _hashRemaining -= take;
        _remaining -= read.Length;
        return read.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
