using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedHybrid.Aggregation;

/// <summary>
/// sum_i w_i * v_i per coordinate, exactly, for integer weights w_i &gt; 0 and finite float32 vectors v_i: a
/// Kulisch-style superaccumulator, so the sum is an integer sum and cannot depend on the order the vectors
/// were added in. A float32 is m * 2^e with m &lt; 2^24 and e in [-149, 104]; the accumulator keeps each
/// coordinate as a fixed-point integer on a 2^-149 grid in <see cref="DigitsPerCoordinate"/> 32-bit digits,
/// each in a long, with carries deferred. One term w * m (a weight's low 31 bits times m, below 2^55; a larger
/// weight's high bits are a second term 31 bits up) shifted to its place touches three consecutive digits and
/// adds less than 2^32 to each, so 2^30 vectors fit before the digits need their carries propagated, which
/// <see cref="Add"/> then does in place. Digits are digit-major (one plane of <see cref="Length"/> longs a digit):
/// an update's terms mostly fall in the same three planes, so a fold streams through them at 24 bytes a
/// coordinate instead of touching a whole 88-byte coordinate record (a cache line or two) each.
/// Memory: <see cref="BytesPerCoordinate"/> bytes a coordinate, whatever the number of vectors.
/// </summary>
public sealed class ExactWeightedSum
{
    /// <summary>Digit k holds bits [32k, 32k + 32) of the sum's multiple of 2^-149, the top digit the rest as a
    /// signed long: 320 + 63 bits, past the largest float (2^128 = 2^277 units) times the largest weight (2^63)
    /// times 2^30 vectors, 2^370 units. Weights below 2^31 and a million vectors stay below 2^328.</summary>
    public const int DigitsPerCoordinate = 11;

    /// <summary>The accumulator's size for one coordinate (a held float32 update costs 4).</summary>
    public const int BytesPerCoordinate = DigitsPerCoordinate * sizeof(long);

    // Below this many coordinates a block is not worth a thread.
    const int MinCoordinatesPerBlock = 1 << 16;

    /// <summary>Vectors between carry propagations: each adds at most two terms below 2^32 to a digit.</summary>
    const int DefaultTermsBeforeCarry = 1 << 30;

    readonly int _termsBeforeCarry;

    /// <summary>The exponent of the grid's unit: the smallest float32 subnormal is 2^-149.</summary>
    const int GridExponent = -149;

    /// <summary>Digit k of coordinate j is <c>_digits[k * Length + j]</c>.</summary>
    readonly long[] _digits;
    int _sinceCarry;

    // The planes a term has touched so far, [_lowPlane, _highPlane] (empty while _highPlane < _lowPlane): every other
    // plane is still zero, so Sums and Clear leave it alone. An update's values span a few binades, so a sum uses about
    // half the planes, and the untouched ones are never even faulted in.
    int _lowPlane = DigitsPerCoordinate, _highPlane = -1;

    public ExactWeightedSum(int length) : this(length, DefaultTermsBeforeCarry)
    {
    }

    /// <summary>Tests only: carries every <paramref name="termsBeforeCarry"/> vectors, so that the carry path, which the
    /// default reaches after 2^30 vectors, runs on small inputs.</summary>
    internal ExactWeightedSum(int length, int termsBeforeCarry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(termsBeforeCarry);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(termsBeforeCarry, DefaultTermsBeforeCarry);
        _termsBeforeCarry = termsBeforeCarry;
        if ((long)length * DigitsPerCoordinate > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"at most {Array.MaxLength / DigitsPerCoordinate} coordinates");
        Length = length;
        _digits = new long[length * DigitsPerCoordinate];
    }

    /// <summary>Coordinates.</summary>
    public int Length { get; }

    /// <summary>Vectors added so far.</summary>
    public long Count { get; private set; }

    /// <summary>The sum of the weights added so far, exactly.</summary>
    public Int128 TotalWeight { get; private set; }

    /// <summary>Adds <paramref name="weight"/> * <paramref name="values"/>, exactly.</summary>
    /// <exception cref="ArgumentException">A value is not finite, or the length differs.</exception>
    public void Add(ReadOnlySpan<float> values, long weight)
    {
        if (values.Length != Length)
            throw new ArgumentException($"{values.Length} values, the sum has {Length}", nameof(values));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        if (!ExponentRange(values, out uint lowest, out uint highest))
            throw new ArgumentException("a value is NaN or infinite", nameof(values));
        if (_sinceCarry >= _termsBeforeCarry)
        {
            Carry();
            _sinceCarry = 0;
        }
        ulong low = (ulong)weight & int.MaxValue, high = (ulong)weight >> 31;
        if (lowest <= highest)
        {
            // A value with biased exponent b sits at place max(b, 1) - 1 (+ 31 for the weight's high bits) and touches
            // that place's plane and the two above it.
            int from = (int)(Math.Max(lowest, 1) - 1) + (low != 0 ? 0 : 31), to = (int)(Math.Max(highest, 1) - 1) + (high != 0 ? 31 : 0);
            _lowPlane = Math.Min(_lowPlane, from >> 5);
            _highPlane = Math.Max(_highPlane, Math.Min(DigitsPerCoordinate - 1, (to >> 5) + 2));
        }
        if (low != 0)
            AddTerms(values, low, 0);
        if (high != 0)
            AddTerms(values, high, 31);
        _sinceCarry++;
        Count++;
        TotalWeight += weight;
    }

    void AddTerms(ReadOnlySpan<float> values, ulong weight, int shift)
    {
        int j = Avx2.IsSupported ? AddTermsAvx2(values, weight, shift) : 0;
        AddTermsScalar(values, weight, shift, j);
    }

    /// <summary>Terms of coordinates [<paramref name="from"/>, Length), one at a time.</summary>
    void AddTermsScalar(ReadOnlySpan<float> values, ulong weight, int shift, int from)
    {
        ref long digits = ref MemoryMarshal.GetArrayDataReference(_digits);
        nint plane = Length;
        for (int j = from; j < values.Length; j++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(values[j]);
            uint biased = (bits >> 23) & 0xFF;
            // A normal value is m * 2^(biased - 150), a subnormal m * 2^-149: its place on the 2^-149 grid. No
            // branch: a zero adds zeros.
            uint normal = (biased + 0xFF) >> 8; // 1 unless subnormal or zero
            ulong mantissa = (bits & 0x7FFFFF) | (normal << 23);
            int place = (int)(biased - normal) + shift;
            ulong product = mantissa * weight; // < 2^56
            int offset = place & 31;
            ulong lowWord = product << offset;
            ulong highWord = (product >> 1) >> (63 - offset); // the bits shifted out of lowWord (none at offset 0)
            // Negative values subtract: (x ^ mask) - mask is -x when mask is -1.
            long mask = -(long)(bits >> 31);
            ref long d = ref Unsafe.Add(ref digits, (place >> 5) * plane + j);
            d += ((long)(uint)lowWord ^ mask) - mask;
            Unsafe.Add(ref d, plane) += ((long)(lowWord >> 32) ^ mask) - mask;
            Unsafe.Add(ref d, 2 * plane) += ((long)highWord ^ mask) - mask;
        }
    }

    /// <summary>The same terms as <see cref="AddTermsScalar"/>, four coordinates at a time where all four fall in the
    /// same planes (an update's values mostly span a few binades inside one 32-binade plane; zeros go anywhere), one at
    /// a time where they do not. The digits are integers, so the sum is the same whichever path added a term. Returns where the tail
    /// starts.</summary>
    int AddTermsAvx2(ReadOnlySpan<float> values, ulong weight, int shift)
    {
        ref long digits = ref MemoryMarshal.GetArrayDataReference(_digits);
        ref uint source = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(values));
        nint plane = Length;
        var exponentMask = Vector128.Create(0xFFu);
        var fractionMask = Vector128.Create(0x7FFFFFu);
        var shift128 = Vector128.Create(shift);
        var weights = Vector256.Create(weight);
        var lowDigit = Vector256.Create((ulong)uint.MaxValue);
        var sixtyFour = Vector256.Create(64UL);
        int last = values.Length - Vector128<uint>.Count;
        int j = 0;
        for (; j <= last; j += Vector128<uint>.Count)
        {
            var bits = Vector128.LoadUnsafe(ref source, (nuint)j);
            var biased = Vector128.ShiftRightLogical(bits, 23) & exponentMask;
            var normal = Vector128.ShiftRightLogical(biased + exponentMask, 8);
            var mantissa = (bits & fractionMask) | Vector128.ShiftLeft(normal, 23);
            var place = (biased - normal).AsInt32() + shift128;
            var planes = Vector128.ShiftRightArithmetic(place, 5);
            int first = planes.ToScalar();
            if (!Vector128.EqualsAll(planes, Vector128.Create(first)) && !SharedPlaneBesideZeros(bits, planes, out first))
            {
                AddTermsScalar(values[..(j + Vector128<uint>.Count)], weight, shift, j);
                continue;
            }
            var product = Avx2.Multiply(Avx2.ConvertToVector256Int64(mantissa).AsUInt32(), weights.AsUInt32()); // < 2^55
            var offset = Avx2.ConvertToVector256Int64(place & Vector128.Create(31)).AsUInt64();
            var lowWord = Avx2.ShiftLeftLogicalVariable(product, offset);
            var highWord = Avx2.ShiftRightLogicalVariable(product, sixtyFour - offset); // a count of 64 gives 0
            var mask = Avx2.ConvertToVector256Int64(Vector128.ShiftRightArithmetic(bits.AsInt32(), 31));
            ref long d = ref Unsafe.Add(ref digits, first * plane + j);
            Add(ref d, ((lowWord & lowDigit).AsInt64() ^ mask) - mask);
            Add(ref Unsafe.Add(ref d, plane), (Vector256.ShiftRightLogical(lowWord, 32).AsInt64() ^ mask) - mask);
            Add(ref Unsafe.Add(ref d, 2 * plane), (highWord.AsInt64() ^ mask) - mask);
        }
        return j;

        static void Add(ref long at, Vector256<long> terms) => Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref at) + terms, ref at);
    }

    /// <summary>Whether the nonzero values of four share one plane, <paramref name="plane"/>: a zero adds zeros wherever
    /// it goes, so it takes the others' planes (and four zeros take plane 0).</summary>
    static bool SharedPlaneBesideZeros(Vector128<uint> bits, Vector128<int> planes, out int plane)
    {
        var zero = Vector128.Equals(bits & Vector128.Create(0x7FFFFFFFu), Vector128<uint>.Zero).AsInt32();
        var nonzero = Vector128.ConditionalSelect(zero, Vector128.Create(-1), planes);
        var highest = Vector128.Max(nonzero, Vector128.Shuffle(nonzero, Vector128.Create(2, 3, 0, 1)));
        highest = Vector128.Max(highest, Vector128.Shuffle(highest, Vector128.Create(1, 0, 3, 2)));
        plane = Math.Max(0, highest.ToScalar());
        return Vector128.EqualsAll(Vector128.ConditionalSelect(zero, Vector128.Create(plane), planes), Vector128.Create(plane));
    }

    /// <summary>Whether every value is finite, and the least biased exponent of a nonzero value and the greatest biased
    /// exponent (lowest &gt; highest when every value is zero). One vectorized pass, which the finiteness check needed anyway.</summary>
    static bool ExponentRange(ReadOnlySpan<float> values, out uint lowest, out uint highest)
    {
        var bits = MemoryMarshal.Cast<float, uint>(values);
        uint min = 0xFF, max = 0;
        int j = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<uint>.Count)
        {
            var vmin = new Vector<uint>(0xFF);
            var vmax = Vector<uint>.Zero;
            var exponentMask = new Vector<uint>(0xFF);
            var magnitudeMask = new Vector<uint>(0x7FFFFFFF);
            var vectors = MemoryMarshal.Cast<uint, Vector<uint>>(bits);
            foreach (var v in vectors)
            {
                var exponent = Vector.ShiftRightLogical(v, 23) & exponentMask;
                vmax = Vector.Max(vmax, exponent);
                // A zero does not count towards the lowest (a subnormal does, with exponent 0).
                vmin = Vector.Min(vmin, Vector.ConditionalSelect(Vector.Equals(v & magnitudeMask, Vector<uint>.Zero), exponentMask, exponent));
            }
            for (int lane = 0; lane < Vector<uint>.Count; lane++)
            {
                min = Math.Min(min, vmin[lane]);
                max = Math.Max(max, vmax[lane]);
            }
            j = vectors.Length * Vector<uint>.Count;
        }
        for (; j < bits.Length; j++)
        {
            uint exponent = (bits[j] >> 23) & 0xFF;
            max = Math.Max(max, exponent);
            if ((bits[j] & 0x7FFFFFFF) != 0)
                min = Math.Min(min, exponent);
        }
        lowest = min;
        highest = max;
        return max < 0xFF;
    }

    /// <summary>Back to the empty sum, for the next round: only the planes a term touched are cleared.</summary>
    public void Clear()
    {
        if (_highPlane >= _lowPlane)
            Array.Clear(_digits, _lowPlane * Length, (_highPlane - _lowPlane + 1) * Length);
        // AddTerms also writes (zero) terms of zeros into planes 0-2; those stay zero.
        (_lowPlane, _highPlane) = (DigitsPerCoordinate, -1);
        Count = 0;
        TotalWeight = 0;
        _sinceCarry = 0;
    }

    /// <summary>Propagates every coordinate's carries: digits below the top in [0, 2^32), the top signed.</summary>
    void Carry()
    {
        if (_highPlane < _lowPlane)
            return;
        _highPlane = DigitsPerCoordinate - 1; // carries can reach every plane above
        for (int k = _lowPlane; k < DigitsPerCoordinate - 1; k++)
        {
            var digit = _digits.AsSpan(k * Length, Length);
            var next = _digits.AsSpan((k + 1) * Length, Length);
            for (int j = 0; j < Length; j++)
            {
                next[j] += digit[j] >> 32;
                digit[j] &= uint.MaxValue;
            }
        }
    }

    static void Normalize(Span<long> digits)
    {
        for (int k = 0; k < DigitsPerCoordinate - 1; k++)
        {
            long carry = digits[k] >> 32;
            digits[k] &= uint.MaxValue;
            digits[k + 1] += carry;
        }
    }

    /// <summary>Each coordinate's exact sum rounded once to the nearest double (ties to even), so where the
    /// exact sum is a double it is returned exactly.</summary>
    public double[] Sums()
    {
        var sums = new double[Length];
        // Coordinates are independent, so blocks of them round on every core at once (the result is the same).
        int blocks = Math.Max(1, Math.Min(Environment.ProcessorCount, Length / MinCoordinatesPerBlock));
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = blocks }, block =>
        {
            Span<long> digits = stackalloc long[DigitsPerCoordinate];
            int from = (int)((long)Length * block / blocks), to = (int)((long)Length * (block + 1) / blocks);
            for (int j = from; j < to; j++)
            {
                digits.Clear();
                for (int k = _lowPlane; k <= _highPlane; k++)
                    digits[k] = _digits[k * Length + j];
                sums[j] = ToDouble(digits);
            }
        });
        return sums;
    }

    /// <summary>The weighted mean, sum / total weight: each exact sum rounded to double, divided by the total
    /// weight in double and rounded to float, as the held mean divided its double sum. Independent of the order
    /// the vectors were added in, bit for bit.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public float[] Mean()
    {
        if (Count == 0)
            throw new InvalidOperationException("the mean of no vectors");
        double total = (double)TotalWeight;
        var sums = Sums();
        var mean = new float[Length];
        for (int j = 0; j < mean.Length; j++)
            mean[j] = (float)(sums[j] / total);
        return mean;
    }

    /// <summary>One coordinate's exact sum as a multiple of 2^-149 (for tests against an independent reference).</summary>
    internal BigInteger ExactUnits(int coordinate)
    {
        var value = BigInteger.Zero;
        for (int k = DigitsPerCoordinate - 1; k >= 0; k--)
            value = (value << 32) + _digits[k * Length + coordinate];
        return value;
    }

    /// <summary>The value of one coordinate's digits (destroyed), rounded to nearest double, ties to even.</summary>
    static double ToDouble(Span<long> digits)
    {
        Normalize(digits);
        bool negative = digits[^1] < 0;
        if (negative)
        {
            // -N has the digits negated; propagating their carries again makes the top one non-negative.
            for (int k = 0; k < digits.Length; k++)
                digits[k] = -digits[k];
            Normalize(digits);
        }
        // The magnitude in 32-bit words; the top digit may hold up to 63 bits (huge weights), so it takes two.
        Span<ulong> words = stackalloc ulong[DigitsPerCoordinate + 1];
        for (int k = 0; k < DigitsPerCoordinate - 1; k++)
            words[k] = (ulong)digits[k];
        words[^2] = (ulong)digits[^1] & uint.MaxValue;
        words[^1] = (ulong)digits[^1] >> 32;
        int top = words.Length - 1;
        while (top >= 0 && words[top] == 0)
            top--;
        if (top < 0)
            return 0.0;
        ulong w2 = words[top], w1 = top >= 1 ? words[top - 1] : 0, w0 = top >= 2 ? words[top - 2] : 0;
        bool sticky = false;
        for (int k = top - 3; k >= 0; k--)
            sticky |= words[k] != 0;
        int zeros = BitOperations.LeadingZeroCount((uint)w2);
        // The top 64 bits, leading bit at bit 63, and whether anything below them is nonzero.
        ulong top64 = ((w2 << 32 | w1) << zeros) | (w0 >> (32 - zeros));
        sticky |= ((w0 << zeros) & uint.MaxValue) != 0;
        ulong mantissa = top64 >> 11, rest = top64 & 0x7FF;
        const ulong half = 0x400;
        if (rest > half || (rest == half && (sticky || (mantissa & 1) == 1)))
            mantissa++; // 2^53 at most, still exact
        // Bit 63 of top64 sits at grid bit 32 * top + 31 - zeros, so the mantissa's bit 0 at 11 above bit 0.
        int exponent = 32 * top + 31 - zeros - 63 + 11 + GridExponent;
        double value = Math.ScaleB(mantissa, exponent);
        return negative ? -value : value;
    }
}
