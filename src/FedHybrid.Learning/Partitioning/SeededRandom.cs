using System.Numerics;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// A small, fully specified random generator so that a seed gives the same split on every .NET version:
/// xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2018),
/// its state filled from the seed by SplitMix64, as the authors recommend. On top of it: unbiased
/// integers (Lemire 2019), Fisher-Yates shuffles, normals (Marsaglia's polar method), Gamma
/// (Marsaglia and Tsang 2000) and Dirichlet variates. Not for cryptography.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose state is four successive SplitMix64 outputs from <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3) => (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);

    /// <summary>A generator with the given raw xoshiro256** state (not all zero), for checking against reference outputs.</summary>
    public static SeededRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("xoshiro256** state must not be all zero");
        return new SeededRandom(s0, s1, s2, s3);
    }

    /// <summary>One step of SplitMix64 (Steele, Lea and Flood 2014): advances <paramref name="state"/> and returns the output.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong range = (ulong)maxExclusive;
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
                high = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)high;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates, from the end).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A standard normal variate (Marsaglia's polar method; the second variate is discarded).</summary>
    public double NextStandardNormal()
    {
        while (true)
        {
            double u = 2 * NextDouble() - 1;
            double v = 2 * NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1)
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>The natural log of a Gamma(<paramref name="shape"/>, 1) variate. Logs, because for small
    /// shapes the variate itself underflows to zero (a Dirichlet(0.01) draw would then divide by zero).</summary>
    public double NextLogGamma(double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Gamma shape must be positive and finite");
        if (shape < 1)
        {
            // Gamma(a) = Gamma(a + 1) * U^(1/a) (Marsaglia and Tsang, section 6).
            double u = (NextUInt64() >> 11 | 1) * (1.0 / (1UL << 53)); // in (0, 1): log stays finite
            return NextLogGamma(shape + 1) + Math.Log(u) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextStandardNormal();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double uniform = NextDouble();
            double x2 = x * x;
            if (uniform < 1 - 0.0331 * x2 * x2 || Math.Log(uniform) < 0.5 * x2 + d * (1 - v + Math.Log(v)))
                return Math.Log(d * v);
        }
    }

    /// <summary>A Gamma(<paramref name="shape"/>, 1) variate (Marsaglia and Tsang 2000).</summary>
    public double NextGamma(double shape) => Math.Exp(NextLogGamma(shape));

    /// <summary>A draw from the symmetric Dirichlet(<paramref name="alpha"/>, ..., <paramref name="alpha"/>)
    /// of dimension <paramref name="dimension"/>: normalized Gamma(alpha) variates, computed in log space.</summary>
    public double[] NextDirichlet(double alpha, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var result = new double[dimension];
        double max = double.NegativeInfinity;
        for (int i = 0; i < dimension; i++)
        {
            result[i] = NextLogGamma(alpha);
            max = Math.Max(max, result[i]);
        }
        double sum = 0;
        for (int i = 0; i < dimension; i++)
        {
            result[i] = Math.Exp(result[i] - max);
            sum += result[i];
        }
        for (int i = 0; i < dimension; i++)
            result[i] /= sum;
        return result;
    }
}
