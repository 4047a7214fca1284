using System.Globalization;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>How a client maps its float update into the ring Z_(2^m) and how the server maps the sum back.
/// A value is clipped to [-c, c] and stochastically rounded to one of <see cref="Levels"/> evenly spaced
/// points, encoded as an integer q in [0, L - 1] (q = 0 stands for -c, q = L - 1 for +c). The sum of
/// n such integers is at most n (L - 1), so the modulus cannot wrap as long as
/// <c>MaxCohortSize * (Levels - 1) &lt;= 2^Bits - 1</c>: the constructor refuses anything else.
///
/// <para>Error bound (per coordinate, for n summands of inputs already inside [-c, c]): with step
/// Delta = 2c / (L - 1), each client's rounding error lies in (-Delta, Delta) and has mean zero, so the
/// dequantized sum differs from the exact sum of the clipped inputs by less than n * Delta, plus the
/// float32 rounding of the result (at most 2^-24 * n * c). See <see cref="SumErrorBound"/>. Values
/// outside [-c, c] are clipped first, which is a deliberate (and counted) change of the input, not
/// rounding error.</para></summary>
public sealed class QuantizationParameters
{
    /// <summary>m = 32, c = 1, L = 2^22, max cohort 1024: the largest sum, 1024 * (2^22 - 1) = 2^32 - 1024,
    /// fits in Z_(2^32). Delta = 2 / (2^22 - 1), about 4.8e-7, so a 1024-client sum is within 4.9e-4 of
    /// the exact sum of the clipped inputs per coordinate.</summary>
    public static QuantizationParameters Default { get; } = new(bits: 32, clipRange: 1.0, levels: 1u << 22, maxCohortSize: 1024);

    /// <summary>The ring Z_(2^m) alone, for an encoding that quantizes by itself (distributed DP): its masking and summing
    /// use only <see cref="Bits"/> and <see cref="RingMask"/>; the levels and the cohort bound here do not apply.</summary>
    public static QuantizationParameters RingOf(int bits) => new(bits, clipRange: 1.0, levels: 2, maxCohortSize: 1);

    /// <summary>Bits m of the ring Z_(2^m), 1..32.</summary>
    public int Bits { get; }

    /// <summary>Clipping range c: values are clipped to [-c, c]. Finite and &gt; 0.</summary>
    public double ClipRange { get; }

    /// <summary>Quantization levels L, at least 2 and at most 2^m.</summary>
    public uint Levels { get; }

    /// <summary>Largest number of clients whose quantized vectors may be summed.</summary>
    public int MaxCohortSize { get; }

    /// <summary>2^m - 1: AND with it reduces a 32-bit word into Z_(2^m).</summary>
    public uint RingMask => Bits == 32 ? uint.MaxValue : (1u << Bits) - 1;

    /// <summary>Delta = 2c / (L - 1), the distance between neighbouring quantization points.</summary>
    public double Step => 2 * ClipRange / (Levels - 1);

    /// <exception cref="SecureAggregationParameterException">A value is out of range, or
    /// <c>maxCohortSize * (levels - 1)</c> exceeds <c>2^bits - 1</c>.</exception>
    public QuantizationParameters(int bits, double clipRange, uint levels, int maxCohortSize)
    {
        if (bits is < 1 or > 32)
            throw new SecureAggregationParameterException(nameof(bits), $"{bits} is not allowed; the ring Z_(2^m) needs 1 <= m <= 32");
        if (!double.IsFinite(clipRange) || clipRange <= 0)
            throw new SecureAggregationParameterException(nameof(clipRange),
                $"{clipRange.ToString(CultureInfo.InvariantCulture)} is not allowed; the clipping range c must be finite and > 0 (values are clipped to [-c, c])");
        ulong modulus = 1UL << bits;
        if (levels < 2 || levels > modulus)
            throw new SecureAggregationParameterException(nameof(levels), $"{levels} is not allowed; quantization levels must be in [2, 2^{bits}]");
        if (maxCohortSize < 1)
            throw new SecureAggregationParameterException(nameof(maxCohortSize), $"{maxCohortSize} is not allowed; the max cohort size must be >= 1");
        ulong largestSum = (ulong)maxCohortSize * (levels - 1);
        if (largestSum > modulus - 1)
            throw new SecureAggregationParameterException(nameof(maxCohortSize),
                $"the sum of {maxCohortSize} clients at {levels} levels can reach {maxCohortSize} * {levels - 1} = {largestSum}, " +
                $"which overflows the modulus 2^{bits} = {modulus}; need maxCohortSize * (levels - 1) <= 2^{bits} - 1 " +
                $"(at most {(modulus - 1) / (levels - 1)} clients at these levels, or fewer levels, or more bits)");
        Bits = bits;
        ClipRange = clipRange;
        Levels = levels;
        MaxCohortSize = maxCohortSize;
    }

    /// <summary>The bound on |dequantized sum - exact sum of the clipped inputs| for one coordinate and
    /// <paramref name="summands"/> clients: n * Delta + 2^-24 * n * c (the float32 rounding of the result).
    /// The first term is strict.</summary>
    public double SumErrorBound(int summands) => summands * Step + Math.ScaleB(summands * ClipRange, -24);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"m={Bits} c={ClipRange} L={Levels} maxCohort={MaxCohortSize}");
}
