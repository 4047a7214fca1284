using System.Numerics;
using System.Security.Cryptography;

namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>Shamir t-of-n secret sharing (Shamir, CACM 1979) of 32-byte secrets over GF(p),
/// p = 2^256 + 297, the least prime above 2^256, so every 32-byte secret is a field element. The secret
/// is f(0) of a random polynomial of degree t - 1; share x is (x, f(x)). Any t shares give f(0) by
/// Lagrange interpolation; fewer reveal nothing about it.</summary>
public static class ShamirSecretSharing
{
    /// <summary>Bytes of a secret.</summary>
    public const int SecretSize = 32;

    /// <summary>Bytes of a field element (p needs 257 bits).</summary>
    public const int ElementSize = 33;

    /// <summary>p = 2^256 + 297.</summary>
    public static BigInteger Prime { get; } = BigInteger.Pow(2, 256) + 297;

    static readonly BigInteger SecretLimit = BigInteger.Pow(2, 256);

    /// <summary>Splits <paramref name="secret"/> into one share per evaluation point in <paramref name="points"/>
    /// (distinct, 1..int.MaxValue), any <paramref name="threshold"/> of which reconstruct it. The polynomial's
    /// coefficients are drawn uniformly from GF(p) by rejection from <paramref name="random"/>, or from the
    /// system CSPRNG when it is null (supply a <see cref="PrgRandomNumberGenerator"/> only in tests).</summary>
    /// <exception cref="ArgumentException">The secret is not 32 bytes, t is outside 1..points, or a point is
    /// repeated or not positive.</exception>
    public static ShamirShare[] Split(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<int> points, RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (secret.Length != SecretSize)
            throw new ArgumentException($"a secret is {SecretSize} bytes, got {secret.Length}", nameof(secret));
        if (threshold < 1 || threshold > points.Count)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"the threshold must be in 1..{points.Count} (the number of shares)");
        CheckPoints(points.Select(p => (long)p).ToArray(), nameof(points));
        var coefficients = new BigInteger[threshold];
        coefficients[0] = new BigInteger(secret, isUnsigned: true, isBigEndian: true);
        Span<byte> draw = stackalloc byte[ElementSize];
        try
        {
            for (int i = 1; i < threshold; i++)
            {
                BigInteger c;
                do
                {
                    if (random is null) RandomNumberGenerator.Fill(draw);
                    else random.GetBytes(draw);
                    draw[0] &= 0x01; // 257 bits; p > 2^256, so at least half the draws are accepted
                    c = new BigInteger(draw, isUnsigned: true, isBigEndian: true);
                } while (c >= Prime);
                coefficients[i] = c;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(draw);
        }
        var shares = new ShamirShare[points.Count];
        for (int s = 0; s < points.Count; s++)
        {
            BigInteger x = points[s], y = BigInteger.Zero;
            for (int i = threshold - 1; i >= 0; i--)
                y = (y * x + coefficients[i]) % Prime;
            shares[s] = new ShamirShare(points[s], ToElement(y));
        }
        return shares;
    }

    /// <summary>Reconstructs the secret from at least <paramref name="threshold"/> shares: the first t give
    /// f(0) by Lagrange interpolation; every further share is checked to lie on the same polynomial.</summary>
    /// <exception cref="ShamirReconstructionException">Fewer than t shares, a repeated or invalid point, a
    /// value not below p, shares off one polynomial, or a result that is not a 32-byte secret.</exception>
    public static byte[] Combine(IReadOnlyList<ShamirShare> shares, int threshold)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (threshold < 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold must be at least 1");
        if (shares.Count < threshold)
            throw new ShamirReconstructionException(
                $"{shares.Count} share(s) given but {threshold} are needed: with fewer than t shares the secret is undetermined");
        var xs = new BigInteger[shares.Count];
        var ys = new BigInteger[shares.Count];
        var seen = new HashSet<int>();
        for (int i = 0; i < shares.Count; i++)
        {
            var share = shares[i] ?? throw new ShamirReconstructionException($"share {i} is null");
            if (share.X < 1)
                throw new ShamirReconstructionException($"share {i} has point x = {share.X}; points are 1..{int.MaxValue}");
            if (!seen.Add(share.X))
                throw new ShamirReconstructionException($"share {i} repeats point x = {share.X}");
            if (share.Y is null || share.Y.Length != ElementSize)
                throw new ShamirReconstructionException($"share {i} (x = {share.X}) has a {share.Y?.Length ?? 0}-byte value; values are {ElementSize} bytes");
            xs[i] = share.X;
            ys[i] = new BigInteger(share.Y, isUnsigned: true, isBigEndian: true);
            if (ys[i] >= Prime)
                throw new ShamirReconstructionException($"share {i} (x = {share.X}) has a value not below p");
        }
        var basis = new Interpolation(xs.AsSpan(0, threshold), ys.AsSpan(0, threshold));
        BigInteger secret = basis.At(BigInteger.Zero);
        // Every further share must lie on the polynomial of the first t: f(x_extra) = y_extra.
        for (int extra = threshold; extra < shares.Count; extra++)
            if (basis.At(xs[extra]) != ys[extra])
                throw new ShamirReconstructionException(
                    $"share {extra} (x = {shares[extra].X}) does not lie on the polynomial of the first {threshold} shares: a share is corrupt");
        if (secret >= SecretLimit)
            throw new ShamirReconstructionException("the shares interpolate to a value of 2^256 or more, which no 32-byte secret has: a share is corrupt");
        var bytes = new byte[SecretSize];
        if (!secret.TryWriteBytes(bytes.AsSpan(SecretSize - secret.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true))
            throw new InvalidOperationException("a value below 2^256 did not fit in 32 bytes");
        return bytes;
    }

    /// <summary>The polynomial of degree t - 1 through t points, in the barycentric form
    /// f(z) = sum_i w_i prod_(j != i) (z - x_j) with w_i = y_i / prod_(j != i) (x_i - x_j). The t
    /// denominators are inverted together (one modular exponentiation, Montgomery's trick), and the
    /// products are of small integers (the points), so evaluating f costs t^2 small products and t
    /// multiplications mod p: a reconstruction no longer pays t exponentiations per evaluation.</summary>
    readonly ref struct Interpolation
    {
        readonly ReadOnlySpan<BigInteger> _xs;
        readonly BigInteger[] _weights;

        public Interpolation(ReadOnlySpan<BigInteger> xs, ReadOnlySpan<BigInteger> ys)
        {
            _xs = xs;
            int t = xs.Length;
            var denominators = new BigInteger[t];
            for (int i = 0; i < t; i++)
            {
                BigInteger d = BigInteger.One;
                for (int j = 0; j < t; j++)
                    if (j != i)
                        d *= xs[i] - xs[j];
                denominators[i] = Mod(d);
            }
            // Montgomery's batch inversion: prefix products, one inverse, then back.
            var prefix = new BigInteger[t];
            BigInteger running = BigInteger.One;
            for (int i = 0; i < t; i++)
            {
                prefix[i] = running;
                running = running * denominators[i] % Prime;
            }
            BigInteger inverse = BigInteger.ModPow(running, Prime - 2, Prime);
            _weights = new BigInteger[t];
            for (int i = t - 1; i >= 0; i--)
            {
                _weights[i] = inverse * prefix[i] % Prime * ys[i] % Prime;
                inverse = inverse * denominators[i] % Prime;
            }
        }

        public BigInteger At(BigInteger z)
        {
            BigInteger sum = BigInteger.Zero;
            for (int i = 0; i < _xs.Length; i++)
            {
                BigInteger product = BigInteger.One;
                for (int j = 0; j < _xs.Length; j++)
                    if (j != i)
                        product *= z - _xs[j];
                sum = (sum + _weights[i] * Mod(product)) % Prime;
            }
            return sum;
        }
    }

    static BigInteger Mod(BigInteger value)
    {
        var r = value % Prime;
        return r.Sign < 0 ? r + Prime : r;
    }

    static byte[] ToElement(BigInteger value)
    {
        var bytes = new byte[ElementSize];
        int length = value.GetByteCount(isUnsigned: true);
        if (length > 0)
            value.TryWriteBytes(bytes.AsSpan(ElementSize - length), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    static void CheckPoints(long[] points, string name)
    {
        var seen = new HashSet<long>();
        foreach (long x in points)
        {
            if (x < 1)
                throw new ArgumentException($"evaluation point {x} is not allowed; points are 1..{int.MaxValue} (0 holds the secret)", name);
            if (!seen.Add(x))
                throw new ArgumentException($"evaluation point {x} is repeated; each recipient needs its own point", name);
        }
    }
}
