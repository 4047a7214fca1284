using System.Buffers;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Clipping, seeded stochastic rounding into Z_(2^m), and dequantization of a sum. The encoding
/// and its error bound are described on <see cref="QuantizationParameters"/>.</summary>
public static class Quantizer
{
    /// <summary>Clips each value to [-c, c] and rounds it stochastically to q in [0, L - 1]: with
    /// s = (x + c) / Delta, q = floor(s) + 1 with probability s - floor(s), else floor(s), so
    /// E[q * Delta - c] = x for x inside the range. The coin for value i is keystream word i of the AES-CTR
    /// stream of <paramref name="roundingSeed"/> (see <see cref="MaskPrg"/>), so the same seed gives the
    /// same integers bit for bit.</summary>
    /// <returns>How many values lay outside [-c, c] and were clipped.</returns>
    /// <exception cref="ArgumentException">A value is NaN or infinite (named by index), or the lengths differ.</exception>
    public static int Quantize(ReadOnlySpan<float> values, QuantizationParameters parameters, ReadOnlySpan<byte> roundingSeed, Span<uint> destination)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (destination.Length != values.Length)
            throw new ArgumentException($"destination has length {destination.Length}, values {values.Length}", nameof(destination));
        double c = parameters.ClipRange;
        double top = parameters.Levels - 1;
        double perStep = top / (2 * c);
        uint[] coins = ArrayPool<uint>.Shared.Rent(Math.Max(values.Length, 1));
        try
        {
            var coin = coins.AsSpan(0, values.Length);
            MaskPrg.Expand(roundingSeed, coin);
            int clipped = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double x = values[i];
                if (!double.IsFinite(x))
                    throw new ArgumentException($"values[{i}] is {values[i]}; only finite values can be quantized", nameof(values));
                if (x > c) { x = c; clipped++; }
                else if (x < -c) { x = -c; clipped++; }
                double s = Math.Clamp((x + c) * perStep, 0, top);
                double floor = Math.Floor(s);
                double fraction = s - floor;
                // coin / 2^32 is uniform on [0, 1) in steps of 2^-32.
                uint q = (uint)floor;
                if (coin[i] * (1.0 / 4294967296.0) < fraction)
                    q++;
                destination[i] = q;
            }
            return clipped;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(coins);
        }
    }

    /// <summary>Maps a sum of <paramref name="summands"/> quantized vectors back to floats:
    /// <c>sum * Delta - n * c</c>, computed in double and rounded once to float32. The result is within
    /// <see cref="QuantizationParameters.SumErrorBound"/> of the exact sum of the clipped inputs.</summary>
    /// <exception cref="ArgumentException">An element exceeds n (L - 1), so <paramref name="sum"/> is not a
    /// sum of n quantized vectors (a wrong unmasking, or a different n); or the lengths differ.</exception>
    /// <exception cref="SecureAggregationParameterException"><paramref name="summands"/> is outside 1..max cohort.</exception>
    public static void Dequantize(ReadOnlySpan<uint> sum, int summands, QuantizationParameters parameters, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (summands < 1 || summands > parameters.MaxCohortSize)
            throw new SecureAggregationParameterException(nameof(summands),
                $"{summands} is not allowed; a sum has 1..{parameters.MaxCohortSize} summands under {parameters}");
        if (destination.Length != sum.Length)
            throw new ArgumentException($"destination has length {destination.Length}, sum {sum.Length}", nameof(destination));
        double step = parameters.Step;
        double offset = summands * parameters.ClipRange;
        ulong largest = (ulong)summands * (parameters.Levels - 1);
        for (int i = 0; i < sum.Length; i++)
        {
            if (sum[i] > largest)
                throw new ArgumentException(
                    $"sum[{i}] = {sum[i]} exceeds {summands} * (L - 1) = {largest}: not a sum of {summands} quantized vectors", nameof(sum));
            destination[i] = (float)(sum[i] * step - offset);
        }
    }
}
