using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Distributed-DP primitives: rotation, rounding, the exact discrete Gaussian and Skellam samplers (the
/// noise on the sum has the variance the mechanism claims), their RDP terms, and the encode/decode round trip.</summary>
public sealed class DistributedDpTests
{
    static (double Mean, double Variance) Moments(IReadOnlyList<long> values)
    {
        double mean = values.Average(v => (double)v);
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Sample variance within 5 standard errors (s²·sqrt(2/(n-1)) plus the kurtosis excess, which is tiny here).</summary>
    static void AssertVariance(double expected, double actual, int n) =>
        Assert.InRange(actual, expected * (1 - 5 * Math.Sqrt(2.0 / (n - 1))), expected * (1 + 5 * Math.Sqrt(2.0 / (n - 1))));

    [Fact]
    public void HadamardRotationIsInvertibleAndKeepsTheNorm()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var y = RandomizedHadamard.Forward(x, 17);
        Assert.Equal(1024, y.Length);
        Assert.Equal(L2Clipping.Norm(x), Math.Sqrt(y.Sum(v => v * v)), 9);
        var back = RandomizedHadamard.Inverse(y, x.Length, 17);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], back[i], 9);
        Assert.Equal(y, RandomizedHadamard.Forward(x, 17));
        Assert.NotEqual(y, RandomizedHadamard.Forward(x, 18));
        // A spike is spread evenly: every coordinate of H·D·e_1/√d has magnitude 1/√d.
        var spike = new float[64];
        spike[0] = 1;
        Assert.All(RandomizedHadamard.Forward(spike, 5), v => Assert.Equal(1 / 8.0, Math.Abs(v), 12));
    }

    [Fact]
    public void RoundingIsUnbiasedAndWithinItsBound()
    {
        // c = 10, d = 100, β = e^{-0.5}: sqrt(100 + 25 + 1·(10 + 5)) = sqrt(140) < 10 + 10.
        Assert.Equal(Math.Sqrt(140), ConditionalRounding.NormBound(10, 100, Math.Exp(-0.5)), 12);
        Assert.Equal(20, ConditionalRounding.NormBound(10, 100, 0), 12);
        var x = Enumerable.Range(0, 100).Select(i => (i % 7 - 3) * 0.37).ToArray();
        double bound = ConditionalRounding.NormBound(Math.Sqrt(x.Sum(v => v * v)), 100, Math.Exp(-0.5));
        var random = new Random(5);
        var sums = new double[100];
        const int draws = 4000;
        for (int k = 0; k < draws; k++)
        {
            var r = ConditionalRounding.Round(x, bound, random);
            Assert.True(Math.Sqrt(r.Sum(v => (double)v * v)) <= bound);
            for (int i = 0; i < 100; i++)
            {
                Assert.True(r[i] == Math.Floor(x[i]) || r[i] == Math.Ceiling(x[i]));
                sums[i] += r[i];
            }
        }
        // Each coordinate's mean is within 5 standard errors (≤ 0.5/√draws) of x.
        for (int i = 0; i < 100; i++) Assert.InRange(sums[i] / draws, x[i] - 5 * 0.5 / Math.Sqrt(draws), x[i] + 5 * 0.5 / Math.Sqrt(draws));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.7)]
    public void ExactBernoulliOfExpNegHasItsProbability(double gamma)
    {
        var random = new Random(9);
        const int n = 200_000;
        var num = new System.Numerics.BigInteger(gamma * 10);
        var den = new System.Numerics.BigInteger(10);
        int hits = Enumerable.Range(0, n).Count(_ => DiscreteGaussianSampler.BernoulliExpNeg(random, num, den));
        double p = Math.Exp(-gamma), se = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(hits / (double)n, p - 5 * se, p + 5 * se);
    }

    [Theory]
    [InlineData(0.25)] // exact variance 0.2149: visibly below σ²
    [InlineData(2.0)]
    [InlineData(30.0)]
    public void DiscreteGaussianHasTheExactVariance(double sigma2)
    {
        // The variance of N_Z(0, σ²) computed by summing the PMF; for small σ it is below σ², and the sampler must
        // match the exact value, not σ².
        double z = 0, m2 = 0;
        for (int x = -2000; x <= 2000; x++) { double w = Math.Exp(-x * (double)x / (2 * sigma2)); z += w; m2 += x * (double)x * w; }
        double exact = m2 / z;
        var sampler = DiscreteGaussianSampler.FromVariance(sigma2);
        var random = new Random(21);
        const int n = 100_000;
        var values = new long[n];
        sampler.Fill(values, random);
        var (mean, variance) = Moments(values);
        AssertVariance(exact, variance, n);
        if (sigma2 < 1) Assert.True(variance < 0.95 * sigma2, $"variance {variance} is not the discrete Gaussian's {exact}");
        Assert.InRange(mean, -5 * Math.Sqrt(exact / n), 5 * Math.Sqrt(exact / n));
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian)]
    [InlineData(DistributedNoise.Skellam)]
    public void TheSumOfSharesHasTheClaimedVariance(DistributedNoise kind)
    {
        // 10 clients each add variance 4 (integer units); the server's noise must have variance 40.
        const int clients = 10, coordinates = 20_000;
        var random = new Random(31);
        var sums = new long[coordinates];
        var share = new long[coordinates];
        for (int c = 0; c < clients; c++)
        {
            if (kind == DistributedNoise.DiscreteGaussian) DiscreteGaussianSampler.FromVariance(4).Fill(share, random);
            else new SkellamSampler(4).Fill(share, random);
            for (int i = 0; i < coordinates; i++) sums[i] += share[i];
        }
        var (mean, variance) = Moments(sums);
        AssertVariance(40, variance, coordinates);
        Assert.InRange(mean, -5 * Math.Sqrt(40.0 / coordinates), 5 * Math.Sqrt(40.0 / coordinates));
    }

    [Fact]
    public void DiscreteGaussianRdpReducesToTheGaussianForOneClient()
    {
        // n = 1: τ = 0, so RDP(α) = α/2·(Δ₂/σ)², the Gaussian mechanism.
        double[] orders = [2, 8, 32];
        var rdp = DistributedDpRdp.DiscreteGaussian(orders, 30, 10, 5, 1, 1000);
        for (int i = 0; i < orders.Length; i++) Assert.Equal(orders[i] / 2 * 4, rdp[i], 12);
        // More clients with the same total variance: τ > 0 adds a (small) charge.
        Assert.True(DistributedDpRdp.Tau(1, 100) > 0);
        var many = DistributedDpRdp.DiscreteGaussian(orders, 30, 10, 0.5, 100, 1000);
        for (int i = 0; i < orders.Length; i++) Assert.True(many[i] > rdp[i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributedDpRdp.DiscreteGaussian(orders, 1, 1, 0.4, 2, 10));
    }

    [Fact]
    public void SkellamRdpApproachesTheGaussianAtLargeVariance()
    {
        double[] orders = [2, 16];
        double variance = 1e8, l2 = 100;
        var rdp = DistributedDpRdp.Skellam(orders, l2 * l2, l2, variance);
        for (int i = 0; i < orders.Length; i++)
        {
            double gaussian = orders[i] * l2 * l2 / (2 * variance);
            Assert.True(rdp[i] >= gaussian);
            Assert.InRange(rdp[i] / gaussian, 1, 1.01);
        }
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian)]
    [InlineData(DistributedNoise.Skellam)]
    public void EncodedSharesDecodeToTheSumOfClippedUpdates(DistributedNoise kind)
    {
        const int clients = 5, length = 300;
        var options = new DistributedDpOptions(ClipNorm: 1.0, Granularity: 1e-3, Beta: Math.Exp(-0.5), kind, LocalVariance: 25, Bits: 20);
        var encoding = new DistributedDpEncoding(options);
        var random = new Random(41);
        var updates = Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray()).ToArray();
        var shares = updates.Select(u => encoding.Encode(u, rotationSeed: 77, random)).ToArray();
        Assert.All(shares, s => Assert.All(s, v => Assert.InRange(v, 0, encoding.Modulus - 1)));
        var decoded = encoding.Decode(encoding.ModularSum(shares), length, rotationSeed: 77);
        var expected = new double[length];
        foreach (var u in updates)
        {
            var c = (float[])u.Clone();
            L2Clipping.ClipInPlace(c, 1.0);
            for (int i = 0; i < length; i++) expected[i] += c[i];
        }
        // Per coordinate the error is γ·(noise of variance 5·25 plus rounding of variance ≤ 5/4): std ≈ 1.1e-2.
        double sd = 1e-3 * Math.Sqrt(clients * 25 + clients * 0.25);
        for (int i = 0; i < length; i++) Assert.InRange(decoded[i] - expected[i], -6 * sd, 6 * sd);
        Assert.True(encoding.L2Sensitivity(length) > 1.0 / 1e-3);
    }
}
