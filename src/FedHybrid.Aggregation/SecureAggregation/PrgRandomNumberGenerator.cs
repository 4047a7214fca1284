using System.Security.Cryptography;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>A deterministic <see cref="RandomNumberGenerator"/>: the AES-256-CTR stream of a 32-byte seed
/// (<see cref="MaskPrg.ExpandBytes"/>), read in order. For seeded choices that must reproduce bit for bit
/// (the neighbour graph's relabelling) and for deterministic Shamir shares in tests. It is as strong as
/// the seed is secret.</summary>
public sealed class PrgRandomNumberGenerator : RandomNumberGenerator
{
    const int BufferBlocks = 256;
    readonly byte[] _seed;
    readonly byte[] _buffer = new byte[BufferBlocks * 16];
    int _used;
    ulong _nextBlock;

    public PrgRandomNumberGenerator(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != MaskPrg.SeedSize)
            throw new ArgumentException($"a PRG seed is {MaskPrg.SeedSize} bytes, got {seed.Length}", nameof(seed));
        _seed = seed.ToArray();
        _used = _buffer.Length;
    }

    public override void GetBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        GetBytes(data.AsSpan());
    }

    public override void GetBytes(byte[] data, int offset, int count) => GetBytes(data.AsSpan(offset, count));

    public override void GetBytes(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                MaskPrg.ExpandBytes(_seed, _nextBlock, _buffer);
                _nextBlock += BufferBlocks;
                _used = 0;
            }
            int take = Math.Min(data.Length, _buffer.Length - _used);
            _buffer.AsSpan(_used, take).CopyTo(data);
            _used += take;
            data = data[take..];
        }
    }

    public override void GetNonZeroBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        GetNonZeroBytes(data.AsSpan());
    }

    public override void GetNonZeroBytes(Span<byte> data)
    {
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < data.Length; i++)
        {
            do GetBytes(one); while (one[0] == 0);
            data[i] = one[0];
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), by rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "the bound must be positive");
        uint limit = uint.MaxValue - (uint.MaxValue % (uint)bound + 1) % (uint)bound;
        Span<byte> word = stackalloc byte[4];
        uint value;
        do
        {
            GetBytes(word);
            value = BitConverter.ToUInt32(word);
        } while (value > limit);
        return (int)(value % (uint)bound);
    }

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_seed);
        CryptographicOperations.ZeroMemory(_buffer);
        base.Dispose(disposing);
    }
}
