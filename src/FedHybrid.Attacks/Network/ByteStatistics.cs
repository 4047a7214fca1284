using MathNet.Numerics;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// How far bytes are from uniform: the Shannon entropy of their byte histogram (8 bits/byte at most) and
/// Pearson's chi-square statistic over the 256 byte values against the uniform expectation, with its
/// p-value from the chi-square distribution's upper tail (255 degrees of freedom; MathNet.Numerics'
/// regularized upper incomplete gamma function). Ciphertext should give about 8 bits/byte and a p-value
/// that is not small; plaintext floats give far less entropy and p = 0.
/// </summary>
public sealed record ByteStatistics(long Bytes, double EntropyBitsPerByte, double ChiSquare, int DegreesOfFreedom, double PValue)
{
    public static ByteStatistics Empty { get; } = new(0, 0, 0, 255, double.NaN);

    public static ByteStatistics Of(IEnumerable<ReadOnlyMemory<byte>> parts)
    {
        var counts = new long[256];
        long total = 0;
        foreach (var part in parts)
        {
            foreach (byte b in part.Span)
                counts[b]++;
            total += part.Length;
        }
        if (total == 0)
            return Empty;
        double entropy = 0, chi = 0, expected = total / 256.0;
        foreach (long n in counts)
        {
            if (n > 0)
            {
                double p = (double)n / total;
                entropy -= p * Math.Log2(p);
            }
            chi += (n - expected) * (n - expected) / expected;
        }
        return new ByteStatistics(total, entropy, chi, 255, UpperTail(chi, 255));
    }

    /// <summary>P(X >= x) for X chi-square with <paramref name="degreesOfFreedom"/>.</summary>
    public static double UpperTail(double x, int degreesOfFreedom) => SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
}
