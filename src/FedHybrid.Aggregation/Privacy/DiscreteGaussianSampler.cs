using System.Numerics;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>Exact sampler of the discrete Gaussian N_Z(0, σ²), P(x) ∝ e^{-x²/(2σ²)} on the integers (Canonne,
/// Kamath, Steinke, NeurIPS 2020, Algorithms 1–3): Bernoulli(e^{-γ}) for rational γ by the alternating-series
/// method, discrete Laplace by a geometric draw, then rejection to the discrete Gaussian. All arithmetic is
/// on integers (σ² is a rational), so there is no floating-point leakage; only uniform integers are drawn
/// from the <see cref="Random"/>. Its variance is slightly below σ² (for σ ≥ 1 the gap is under 1e-8·σ²).</summary>
public sealed class DiscreteGaussianSampler
{
    readonly BigInteger _varianceNum, _varianceDen;
    readonly long _t;

    /// <summary>σ² = <paramref name="varianceNumerator"/>/<paramref name="varianceDenominator"/>.</summary>
    public DiscreteGaussianSampler(BigInteger varianceNumerator, BigInteger varianceDenominator)
    {
        if (varianceNumerator.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(varianceNumerator), varianceNumerator, "The variance must be positive.");
        if (varianceDenominator.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(varianceDenominator), varianceDenominator, "The denominator must be positive.");
        _varianceNum = varianceNumerator;
        _varianceDen = varianceDenominator;
        // t = floor(σ) + 1, with floor(σ) the largest k such that k²·den ≤ num.
        long k = (long)Math.Floor(Math.Sqrt((double)varianceNumerator / (double)varianceDenominator));
        while (k > 0 && (BigInteger)k * k * varianceDenominator > varianceNumerator) k--;
        while ((BigInteger)(k + 1) * (k + 1) * varianceDenominator <= varianceNumerator) k++;
        _t = k + 1;
    }

    /// <summary>σ² given as a double, converted exactly (every finite double is a dyadic rational).</summary>
    public static DiscreteGaussianSampler FromVariance(double variance)
    {
        if (!(variance > 0) || double.IsInfinity(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be positive and finite.");
        long bits = BitConverter.DoubleToInt64Bits(variance);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        int shift = exponent - 1075; // variance = mantissa · 2^shift
        return shift >= 0
            ? new DiscreteGaussianSampler((BigInteger)mantissa << shift, BigInteger.One)
            : new DiscreteGaussianSampler(mantissa, BigInteger.One << -shift);
    }

    public double Variance => (double)_varianceNum / (double)_varianceDen;

    public long Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            long y = DiscreteLaplace(random, _t);
            // γ = (|y| - σ²/t)² / (2σ²) = (|y|·den·t - num)² / (2·num·den·t²)
            BigInteger diff = BigInteger.Abs(y) * _varianceDen * _t - _varianceNum;
            BigInteger num = diff * diff, den = 2 * _varianceNum * _varianceDen * _t * _t;
            if (BernoulliExpNeg(random, num, den)) return y;
        }
    }

    public void Fill(Span<long> destination, Random random)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Sample(random);
    }

    /// <summary>Discrete Laplace with scale t: P(x) ∝ e^{-|x|/t} (CKS Algorithm 2 with s = 1).</summary>
    static long DiscreteLaplace(Random random, long t)
    {
        while (true)
        {
            long u = UniformBelow(random, t);
            if (!BernoulliExpNeg(random, u, t)) continue;
            long v = 0;
            while (BernoulliExpNeg(random, BigInteger.One, BigInteger.One)) v++;
            long x = u + t * v;
            bool negative = UniformBelow(random, 2) == 1;
            if (negative && x == 0) continue;
            return negative ? -x : x;
        }
    }

    /// <summary>Bernoulli(e^{-num/den}) exactly (CKS Algorithm 1).</summary>
    internal static bool BernoulliExpNeg(Random random, BigInteger num, BigInteger den)
    {
        if (num.Sign < 0) throw new ArgumentOutOfRangeException(nameof(num), num, "γ must be non-negative.");
        if (num.IsZero) return true;
        if (num <= den)
        {
            // K is the first index at which Bernoulli(γ/K) fails; the answer is whether K is odd.
            long k = 1;
            while (Bernoulli(random, num, den * k)) k++;
            return (k & 1) == 1;
        }
        BigInteger whole = BigInteger.Divide(num, den);
        for (BigInteger i = 0; i < whole; i++)
            if (!BernoulliExpNeg(random, BigInteger.One, BigInteger.One)) return false;
        return BernoulliExpNeg(random, num - whole * den, den);
    }

    static bool Bernoulli(Random random, BigInteger num, BigInteger den) => UniformBelow(random, den) < num;

    static long UniformBelow(Random random, long n) => random.NextInt64(n);

    /// <summary>Uniform integer in [0, n) by rejection on random bytes.</summary>
    static BigInteger UniformBelow(Random random, BigInteger n)
    {
        if (n <= long.MaxValue) return random.NextInt64((long)n);
        int bytes = n.GetByteCount(isUnsigned: true);
        var buffer = new byte[bytes];
        long bitLength = (long)n.GetBitLength();
        int topBits = (int)(bitLength - 8L * (bytes - 1));
        byte mask = (byte)((1 << topBits) - 1);
        while (true)
        {
            random.NextBytes(buffer);
            buffer[^1] &= mask;
            var value = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (value < n) return value;
        }
    }
}
