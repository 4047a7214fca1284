using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>DP-FedAvg's Gaussian mechanism and Andrew et al.'s adaptive clipping.</summary>
public sealed class CentralMechanismTests
{
    static float[][] Updates(int count, int length, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray()).ToArray();
    }

    [Fact]
    public void ClippingBoundsEveryUpdateAndKeepsSmallOnes()
    {
        var big = new float[] { 3, 4 }; // norm 5
        Assert.Equal(5, L2Clipping.ClipInPlace(big, 1), 6);
        Assert.True(L2Clipping.Norm(big) <= 1);
        Assert.Equal(0.6f, big[0], 5);
        var small = new float[] { 0.3f, 0.4f };
        L2Clipping.ClipInPlace(small, 1);
        Assert.Equal([0.3f, 0.4f], small);
        Assert.Throws<ArgumentException>(() => L2Clipping.ClipInPlace(new[] { float.NaN }, 1));
    }

    [Fact]
    public void WithoutNoiseTheSumIsTheSumOfClippedUpdates()
    {
        var updates = Updates(5, 10, 1, 3);
        var before = updates.Select(u => (float[])u.Clone()).ToArray();
        var sum = new GaussianSumMechanism(1.0, 0).NoisedSum(updates, new Random(0), out int unclipped);
        var expected = new double[10];
        foreach (var u in updates)
        {
            var copy = (float[])u.Clone();
            L2Clipping.ClipInPlace(copy, 1.0);
            for (int i = 0; i < 10; i++) expected[i] += copy[i];
        }
        for (int i = 0; i < 10; i++) Assert.Equal((float)expected[i], sum[i]);
        Assert.Equal(updates.Count(u => L2Clipping.Norm(u) <= 1.0), unclipped);
        for (int k = 0; k < updates.Length; k++) Assert.Equal(before[k], updates[k]); // the caller's updates are not clipped in place
    }

    [Fact]
    public void SameSeedSameNoiseBitForBit()
    {
        var updates = Updates(3, 50, 2, 1);
        var m = new GaussianSumMechanism(0.5, 1.3);
        var a = m.NoisedSum(updates, new Random(42), out _);
        var b = m.NoisedSum(updates, new Random(42), out _);
        var c = m.NoisedSum(updates, new Random(43), out _);
        Assert.Equal(a.Select(BitConverter.SingleToUInt32Bits), b.Select(BitConverter.SingleToUInt32Bits));
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void NoiseHasStddevSigmaTimesClipNorm()
    {
        // 200 000 coordinates of noise on a zero sum: the sample variance of N(0, s²) has standard error
        // s²·sqrt(2/(n-1)); allow 5 of them.
        const int n = 200_000;
        var m = new GaussianSumMechanism(2.0, 1.5);
        var noise = m.NoisedSum([new float[n]], new Random(7), out _);
        double mean = noise.Average(v => (double)v), variance = noise.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double expected = 9.0, se = expected * Math.Sqrt(2.0 / (n - 1));
        Assert.InRange(variance, expected - 5 * se, expected + 5 * se);
        Assert.InRange(mean, -5 * 3 / Math.Sqrt(n), 5 * 3 / Math.Sqrt(n));
    }

    [Fact]
    public void AdaptiveNoiseSplitLeavesTheCombinedMultiplier()
    {
        // Andrew et al.: 1/z² = 1/σ_Δ² + 1/(2σ_b)²; with m = 100 and σ_b = m/20 = 5, z = 1 gives σ_Δ = (1 - 1/100)^{-1/2}.
        double sigmaDelta = AdaptiveClipping.UpdateNoiseFor(1.0, 5.0);
        Assert.Equal(1 / Math.Sqrt(0.99), sigmaDelta, 12);
        Assert.Equal(1.0, 1 / (1 / (sigmaDelta * sigmaDelta) + 1 / 100.0), 12);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveClipping(new AdaptiveClippingOptions(1, 1.0, 100, 0.5)));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("ClippedCountStddev", e.Message);
    }

    [Fact]
    public void ClipNormTracksTheTargetQuantile()
    {
        // Update norms uniform in [0, 10]: the median is 5, the 0.8 quantile 8.
        foreach (var (quantile, expected) in new[] { (0.5, 5.0), (0.8, 8.0) })
        {
            var clipping = new AdaptiveClipping(new AdaptiveClippingOptions(0.1, 1.0, 100, 5.0, quantile, 0.2));
            var random = new Random(11);
            for (int round = 0; round < 400; round++)
            {
                var updates = Enumerable.Range(0, 100).Select(_ => new[] { (float)(random.NextDouble() * 10) }).ToArray();
                clipping.Round(updates, random);
            }
            Assert.InRange(clipping.ClipNorm, expected * 0.85, expected * 1.15);
        }
    }

    [Fact]
    public void ResumedFromStateContinuesIdentically()
    {
        var options = new AdaptiveClippingOptions(1.0, 1.1, 20, 1.0);
        float[][] RoundUpdates(int round) => Updates(20, 4, 100 + round, 2);
        var straight = new AdaptiveClipping(options);
        for (int r = 0; r < 10; r++) straight.Round(RoundUpdates(r), new Random(r));
        var first = new AdaptiveClipping(options);
        for (int r = 0; r < 5; r++) first.Round(RoundUpdates(r), new Random(r));
        var resumed = new AdaptiveClipping(options, first.State);
        for (int r = 5; r < 10; r++) resumed.Round(RoundUpdates(r), new Random(r));
        Assert.Equal(straight.State, resumed.State);
        Assert.Equal(10, resumed.State.Rounds);
    }
}
