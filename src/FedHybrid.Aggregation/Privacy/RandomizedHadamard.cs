using System.Numerics;
using MathNet.Numerics.Random;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>The randomized Hadamard rotation of distributed DP (Kairouz, Liu, Steinke, ICML 2021, Sec 4):
/// y = H·D·x/√d with D a diagonal of random signs drawn from <c>seed</c> (Xoshiro256**, so every party derives
/// the same D) and H the Walsh–Hadamard matrix of size d, the next power of two ≥ the input length (the input
/// is zero-padded). H·H = d·I, so the inverse is x = D·H·y/√d. The rotation is orthogonal: it keeps the L2
/// norm and spreads a vector's mass evenly over the coordinates, which makes the rounding and modular
/// clipping that follow cheaper.</summary>
public static class RandomizedHadamard
{
    public static int PaddedLength(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "The vector must have at least one element.");
        if (length > 1 << 30) throw new ArgumentOutOfRangeException(nameof(length), length, "The vector is too long to pad to a power of two.");
        return (int)BitOperations.RoundUpToPowerOf2((uint)length);
    }

    public static double[] Forward(ReadOnlySpan<float> x, int seed)
    {
        var y = new double[PaddedLength(x.Length)];
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
        ApplySigns(y, seed);
        Transform(y);
        return y;
    }

    /// <summary>The inverse of <see cref="Forward"/>, truncated to <paramref name="originalLength"/>.</summary>
    public static double[] Inverse(ReadOnlySpan<double> y, int originalLength, int seed)
    {
        int d = y.Length;
        if (d != PaddedLength(d)) throw new ArgumentException($"length {d} is not a power of two", nameof(y));
        if (originalLength < 1 || originalLength > d)
            throw new ArgumentOutOfRangeException(nameof(originalLength), originalLength, $"must be in [1, {d}].");
        var x = y.ToArray();
        Transform(x);
        ApplySigns(x, seed);
        return x[..originalLength];
    }

    static void ApplySigns(double[] v, int seed)
    {
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var bits = new byte[(v.Length + 7) / 8];
        random.NextBytes(bits);
        for (int i = 0; i < v.Length; i++)
            if ((bits[i >> 3] >> (i & 7) & 1) == 1) v[i] = -v[i];
    }

    /// <summary>In-place fast Walsh–Hadamard transform scaled by 1/√d (orthonormal).</summary>
    static void Transform(double[] v)
    {
        int d = v.Length;
        for (int h = 1; h < d; h <<= 1)
            for (int i = 0; i < d; i += h << 1)
                for (int j = i; j < i + h; j++)
                {
                    double a = v[j], b = v[j + h];
                    v[j] = a + b;
                    v[j + h] = a - b;
                }
        double scale = 1 / Math.Sqrt(d);
        for (int i = 0; i < d; i++) v[i] *= scale;
    }
}
