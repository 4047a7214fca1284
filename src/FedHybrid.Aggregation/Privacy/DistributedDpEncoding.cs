using MathNet.Numerics.Random;

namespace FedHybrid.Aggregation.Privacy;

/// <summary>The client and server halves of distributed DP under secure aggregation (Kairouz et al. 2021,
/// Algorithm 1; Agarwal et al. 2021): the client clips, rotates (<see cref="RandomizedHadamard"/>), scales by
/// 1/γ, rounds (<see cref="ConditionalRounding"/>), adds its noise share and reduces modulo 2^bits; the
/// server sees only the modular sum, which it centres, rescales and rotates back.</summary>
public sealed class DistributedDpEncoding
{
    readonly DistributedDpOptions _options;
    readonly DiscreteGaussianSampler? _gaussian;
    readonly SkellamSampler? _skellam;

    public DistributedDpEncoding(DistributedDpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.ClipNorm > 0) || double.IsInfinity(options.ClipNorm)) throw new ArgumentOutOfRangeException(nameof(options), options.ClipNorm, "ClipNorm must be positive and finite.");
        if (!(options.Granularity > 0) || double.IsInfinity(options.Granularity)) throw new ArgumentOutOfRangeException(nameof(options), options.Granularity, "Granularity must be positive and finite.");
        if (!(options.Beta >= 0 && options.Beta < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Beta, "Beta must be in [0, 1).");
        if (options.Bits < 2 || options.Bits > 62) throw new ArgumentOutOfRangeException(nameof(options), options.Bits, "Bits must be in [2, 62].");
        if (!(options.LocalVariance >= 0) || double.IsInfinity(options.LocalVariance)) throw new ArgumentOutOfRangeException(nameof(options), options.LocalVariance, "LocalVariance must be finite and non-negative.");
        // Beyond these the integers leave the ring (and a long) or the sampler would run for ever: an instruction that
        // asks for them is refused, not obeyed.
        double modulus = Math.ScaleB(1.0, options.Bits);
        if (!(options.ClipNorm / options.Granularity <= modulus))
            throw new ArgumentOutOfRangeException(nameof(options), options.ClipNorm / options.Granularity, $"ClipNorm / Granularity must be at most the modulus 2^{options.Bits}: a clipped update would not fit the ring.");
        if (!(options.LocalVariance <= modulus * modulus))
            throw new ArgumentOutOfRangeException(nameof(options), options.LocalVariance, $"LocalVariance must be at most (2^{options.Bits})^2: noise wider than the ring hides everything.");
        if (options.Noise == DistributedNoise.Skellam && options.LocalVariance / 2 > SkellamSampler.MaxMean)
            throw new ArgumentOutOfRangeException(nameof(options), options.LocalVariance, $"LocalVariance / 2 must be at most {SkellamSampler.MaxMean} for Skellam noise (its Poisson draws).");
        _options = options;
        if (options.LocalVariance > 0)
        {
            if (options.Noise == DistributedNoise.DiscreteGaussian) _gaussian = DiscreteGaussianSampler.FromVariance(options.LocalVariance);
            else _skellam = new SkellamSampler(options.LocalVariance);
        }
    }

    /// <summary>The generator of a client's rounding and noise: the OS CSPRNG (<paramref name="system"/>), or one seeded by
    /// <paramref name="seed"/>, which reproduces a run and protects against no one who can derive the seed.</summary>
    public static Random NoiseSource(bool system, int seed) => system ? new CryptoRandomSource() : new Xoshiro256StarStar(seed, threadSafe: false);

    public long Modulus => 1L << _options.Bits;

    /// <summary>b: values live in Z_(2^b).</summary>
    public int Bits => _options.Bits;

    /// <summary>The L2 sensitivity in integer units that the accountant must charge: the rounded-norm bound of the
    /// clipped, scaled update in the padded dimension.</summary>
    public double L2Sensitivity(int length) =>
        ConditionalRounding.NormBound(_options.ClipNorm / _options.Granularity, RandomizedHadamard.PaddedLength(length), _options.Beta);

    public double L1Sensitivity(int length) => ConditionalRounding.L1Bound(L2Sensitivity(length), RandomizedHadamard.PaddedLength(length));

    /// <summary>One client's encoded share: values in [0, 2^bits), of the padded length.</summary>
    public long[] Encode(ReadOnlySpan<float> update, int rotationSeed, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var clipped = update.ToArray();
        L2Clipping.ClipInPlace(clipped, _options.ClipNorm);
        var rotated = RandomizedHadamard.Forward(clipped, rotationSeed);
        for (int i = 0; i < rotated.Length; i++) rotated[i] /= _options.Granularity;
        var rounded = ConditionalRounding.Round(rotated, L2Sensitivity(update.Length), random);
        var noise = new long[rounded.Length];
        _gaussian?.Fill(noise, random);
        _skellam?.Fill(noise, random);
        long mask = Modulus - 1;
        for (int i = 0; i < rounded.Length; i++) rounded[i] = (rounded[i] + noise[i]) & mask;
        return rounded;
    }

    /// <summary>Adds shares modulo 2^bits (what secure aggregation delivers).</summary>
    public long[] ModularSum(IReadOnlyList<long[]> shares)
    {
        if (shares.Count == 0) throw new ArgumentException("at least one share is needed", nameof(shares));
        var sum = new long[shares[0].Length];
        long mask = Modulus - 1;
        foreach (var share in shares)
        {
            if (share.Length != sum.Length) throw new ArgumentException($"share of length {share.Length}, expected {sum.Length}", nameof(shares));
            for (int i = 0; i < sum.Length; i++) sum[i] = (sum[i] + share[i]) & mask;
        }
        return sum;
    }

    /// <summary>The server's estimate of the sum of clipped updates from the modular sum.</summary>
    public float[] Decode(ReadOnlySpan<long> modularSum, int originalLength, int rotationSeed)
    {
        long modulus = Modulus, half = modulus / 2;
        var centred = new double[modularSum.Length];
        for (int i = 0; i < centred.Length; i++)
        {
            long v = modularSum[i] & (modulus - 1);
            centred[i] = (v >= half ? v - modulus : v) * _options.Granularity;
        }
        var x = RandomizedHadamard.Inverse(centred, originalLength, rotationSeed);
        return Array.ConvertAll(x, v => (float)v);
    }
}
