namespace FedHybrid.Federation.Wire;

/// <summary>
/// Reassembles a sealed part or reply from its chunks, the same way on the client (downloads) and the
/// coordinator (uploads): the total is declared first and bounded by a limit, every chunk must fit in
/// what is left, and the whole must arrive. Each refusal names what was wrong.
/// </summary>
public sealed class ChunkAssembler
{
    readonly byte[] _buffer;
    readonly string _what;
    int _received;

    /// <exception cref="ChunkLimitException">The declared size is over <paramref name="limit"/>.</exception>
    public ChunkAssembler(ulong declared, long limit, string what)
    {
        _what = what;
        if (declared > (ulong)Math.Max(0, limit) || declared > int.MaxValue)
            throw new ChunkLimitException(ChunkProblem.TooLarge, $"{what} declares {declared} bytes, limit {limit}");
        _buffer = GC.AllocateUninitializedArray<byte>((int)declared);
    }

    public long Received => _received;

    public long Declared => _buffer.Length;

    /// <exception cref="ChunkLimitException">The chunk runs past the declared size.</exception>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > _buffer.Length - _received)
            throw new ChunkLimitException(ChunkProblem.TooLarge, $"{_what} is longer than the declared {_buffer.Length} bytes");
        chunk.CopyTo(_buffer.AsSpan(_received));
        _received += chunk.Length;
    }

    /// <summary>The whole, once every declared byte arrived.</summary>
    /// <exception cref="ChunkLimitException">Fewer bytes arrived than were declared.</exception>
    public byte[] Complete() => _received == _buffer.Length ? _buffer
        : throw new ChunkLimitException(ChunkProblem.Truncated, $"received {_received} of the declared {_buffer.Length} bytes of {_what}");

    /// <summary>Splits <paramref name="whole"/> into chunks of at most <paramref name="chunkBytes"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] whole, int chunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        for (int offset = 0; offset < whole.Length; offset += chunkBytes)
            yield return whole.AsMemory(offset, Math.Min(chunkBytes, whole.Length - offset));
    }
}
