using System.Numerics;
using System.Runtime.InteropServices;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Element-wise arithmetic on vectors of Z_(2^32), vectorized. Z_(2^m) for m &lt; 32 is the same
/// arithmetic followed by <see cref="Reduce"/>, since 2^m divides 2^32.</summary>
public static class RingVector
{
    /// <summary><c>target[i] += values[i]</c> mod 2^32.</summary>
    public static void Add(Span<uint> target, ReadOnlySpan<uint> values)
    {
        CheckLengths(target.Length, values.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<uint, Vector<uint>>(target);
            var v = MemoryMarshal.Cast<uint, Vector<uint>>(values);
            for (int j = 0; j < t.Length; j++)
                t[j] += v[j];
            i = t.Length * Vector<uint>.Count;
        }
        for (; i < target.Length; i++)
            target[i] += values[i];
    }

    /// <summary><c>target[i] -= values[i]</c> mod 2^32.</summary>
    public static void Subtract(Span<uint> target, ReadOnlySpan<uint> values)
    {
        CheckLengths(target.Length, values.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<uint, Vector<uint>>(target);
            var v = MemoryMarshal.Cast<uint, Vector<uint>>(values);
            for (int j = 0; j < t.Length; j++)
                t[j] -= v[j];
            i = t.Length * Vector<uint>.Count;
        }
        for (; i < target.Length; i++)
            target[i] -= values[i];
    }

    /// <summary><c>target[i] &amp;= mask</c>: reduces mod 2^m when <paramref name="mask"/> is 2^m - 1.</summary>
    public static void Reduce(Span<uint> target, uint mask)
    {
        if (mask == uint.MaxValue)
            return;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<uint, Vector<uint>>(target);
            var m = new Vector<uint>(mask);
            for (int j = 0; j < t.Length; j++)
                t[j] &= m;
            i = t.Length * Vector<uint>.Count;
        }
        for (; i < target.Length; i++)
            target[i] &= mask;
    }

    static void CheckLengths(int target, int values)
    {
        if (target != values)
            throw new ArgumentException($"vector lengths differ: {target} and {values}", nameof(values));
    }
}
