using System.Security.Cryptography;

namespace FedHybrid.Crypto.Envelopes;

/// <summary>Forwards writes to an inner stream and hashes the first <paramref name="hashLimit"/> bytes
/// written (the part of the envelope the sender's signature covers).</summary>
internal sealed class HashingWriteStream(Stream inner, IncrementalHash hash, long hashLimit = long.MaxValue) : Stream
{
    public long Written { get; private set; }

    void Hash(ReadOnlySpan<byte> buffer)
    {
        long take = Math.Min(buffer.Length, Math.Max(0, hashLimit - Written));
        if (take > 0) hash.AppendData(buffer[..(int)take]);
        Written += buffer.Length;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Hash(buffer);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Hash(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
