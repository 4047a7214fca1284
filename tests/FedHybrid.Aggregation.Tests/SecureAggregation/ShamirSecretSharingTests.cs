using System.Numerics;
using CsCheck;
using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class ShamirSecretSharingTests
{
    static PrgRandomNumberGenerator Rng(int s)
    {
        var seed = new byte[32];
        BitConverter.TryWriteBytes(seed, s);
        seed[31] = 0x5a;
        return new PrgRandomNumberGenerator(seed);
    }

    [Fact]
    public void TheFieldIsPrimeAndHoldsEvery32ByteSecret()
    {
        var p = ShamirSecretSharing.Prime;
        Assert.True(p > BigInteger.Pow(2, 256));
        // Miller-Rabin with the first 20 primes as bases: a composite passes with probability < 4^-20.
        var d = p - 1;
        int r = 0;
        while (d.IsEven) { d >>= 1; r++; }
        foreach (int a in new[] { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71 })
        {
            var x = BigInteger.ModPow(a, d, p);
            if (x.IsOne || x == p - 1) continue;
            bool witness = true;
            for (int i = 1; i < r && witness; i++)
            {
                x = BigInteger.ModPow(x, 2, p);
                if (x == p - 1) witness = false;
            }
            Assert.False(witness, $"base {a} shows p is composite");
        }
        // and it is the least prime above 2^256: each smaller odd candidate has a Fermat witness to base 3
        // (not 2: 2^256 + 1 is a Fermat number, and those are pseudoprimes to base 2).
        for (int offset = 1; offset < 297; offset += 2)
        {
            var c = BigInteger.Pow(2, 256) + offset;
            Assert.NotEqual(BigInteger.One, BigInteger.ModPow(3, c - 1, c));
        }
    }

    [Fact]
    public void AnyTSharesOfRandomSecretsReconstructAndFewerFail()
    {
        Gen.Select(Gen.Int[1, 12], Gen.Int[0, 12], Gen.Int[0, 1_000_000], Gen.Byte.Array[32])
            .Sample((t, extraShares, seed, secret) =>
            {
                int n = t + extraShares;
                var points = Enumerable.Range(0, n).Select(i => 1 + i * 7).ToArray();
                using var rng = Rng(seed);
                var shares = ShamirSecretSharing.Split(secret, t, points, rng);
                // a random subset of size t..n, in random order
                var subset = shares.OrderBy(_ => rng.NextInt(1 << 30)).Take(t + rng.NextInt(n - t + 1)).ToArray();
                Assert.Equal(secret, ShamirSecretSharing.Combine(subset, t));
                var tooFew = Assert.Throws<ShamirReconstructionException>(() => ShamirSecretSharing.Combine(subset[..(t - 1)], t));
                Assert.Contains($"{t} are needed", tooFew.Message);
            }, iter: 200);
    }

    [Fact]
    public void TheSameGeneratorGivesTheSameSharesAndTheDefaultIsRandom()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using (var a = Rng(3))
        using (var b = Rng(3))
            Assert.Equal(ShamirSecretSharing.Split(secret, 3, [1, 2, 3, 4], a).Select(s => Convert.ToHexString(s.Y)),
                ShamirSecretSharing.Split(secret, 3, [1, 2, 3, 4], b).Select(s => Convert.ToHexString(s.Y)));
        var first = ShamirSecretSharing.Split(secret, 3, [1, 2, 3, 4]);
        var second = ShamirSecretSharing.Split(secret, 3, [1, 2, 3, 4]);
        Assert.NotEqual(Convert.ToHexString(first[0].Y), Convert.ToHexString(second[0].Y));
        Assert.Equal(secret, ShamirSecretSharing.Combine(second[1..], 3));
    }

    [Fact]
    public void ThresholdOneSharesAreTheSecretAndTwoSharesOfThresholdTwoDifferFromIt()
    {
        var secret = Enumerable.Repeat((byte)0xab, 32).ToArray();
        var one = ShamirSecretSharing.Split(secret, 1, [5, 9], Rng(1));
        Assert.All(one, s => Assert.Equal(secret, s.Y[1..]));
        var two = ShamirSecretSharing.Split(secret, 2, [5, 9], Rng(1));
        Assert.All(two, s => Assert.NotEqual(secret, s.Y[1..]));
    }

    [Fact]
    public void ACorruptShareIsDetectedWhenMoreThanTAreGiven()
    {
        var secret = new byte[32];
        secret[0] = 0xff;
        var shares = ShamirSecretSharing.Split(secret, 3, [1, 2, 3, 4, 5], Rng(2));
        var bad = shares[4].Y.ToArray();
        bad[20] ^= 1;
        shares[4] = shares[4] with { Y = bad };
        var e = Assert.Throws<ShamirReconstructionException>(() => ShamirSecretSharing.Combine(shares, 3));
        Assert.Contains("x = 5", e.Message);
    }

    [Fact]
    public void RepeatedOrInvalidPointsAreRefused()
    {
        var secret = new byte[32];
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 2, [1, 1]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(secret, 2, [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShamirSecretSharing.Split(secret, 3, [1, 2]));
        Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Split(new byte[31], 1, [1]));
        var shares = ShamirSecretSharing.Split(secret, 2, [1, 2]);
        Assert.Contains("repeats", Assert.Throws<ShamirReconstructionException>(() => ShamirSecretSharing.Combine([shares[0], shares[0]], 2)).Message);
    }

    [Fact]
    public void SharesRoundTripThroughTheirEncoding()
    {
        var share = ShamirSecretSharing.Split(new byte[32], 2, [77, 78], Rng(4))[0];
        var back = ShamirShare.FromBytes(share.ToBytes());
        Assert.Equal(share.X, back.X);
        Assert.Equal(share.Y, back.Y);
        Assert.Equal(ShamirShare.EncodedSize, share.ToBytes().Length);
    }
}
