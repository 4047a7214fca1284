using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;

namespace FedHybrid.Inference;

/// <summary>A message serialized into a pooled buffer, to be sealed and then zeroed and returned:
/// the bytes that go under the seal need no array of their own.</summary>
internal readonly struct PooledMessage : IDisposable
{
    readonly byte[] _buffer;
    readonly int _length;

    public PooledMessage(IMessage message)
    {
        _length = message.CalculateSize();
        _buffer = ArrayPool<byte>.Shared.Rent(_length);
        message.WriteTo(_buffer.AsSpan(0, _length));
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public void Dispose()
    {
        // Plaintext inputs and logits: clear before the buffer goes back to the pool.
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
