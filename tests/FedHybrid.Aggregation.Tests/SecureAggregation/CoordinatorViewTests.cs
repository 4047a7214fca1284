using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

/// <summary>What the coordinator holds for one honest client (its masked input y_i) looks uniform over
/// Z_(2^m) and is uncorrelated with the client's input. Fixed seeds, so each test is deterministic; the
/// thresholds are the stated significance levels for a truly uniform, independent vector.</summary>
public sealed class CoordinatorViewTests
{
    const int Length = 1 << 18;

    static (uint[] Input, uint[] Masked) HonestClient(QuantizationParameters p)
    {
        // A highly structured input: a ramp through every quantization level, so any leak would show.
        var round = new SecAggRound(20, 10, p, 1, seed: 11);
        var input = new uint[Length];
        for (int j = 0; j < Length; j++)
            input[j] = (uint)((ulong)j * (p.Levels - 1) / (Length - 1));
        var pairwise = round.Graph.Neighbours(5).Select(j => new PairwiseSeed(j, round.PairSeeds[(5, j)])).ToArray();
        var masked = new uint[Length];
        ClientMasking.Mask(5, input, round.SelfSeeds[5], pairwise, p, masked);
        return (input, masked);
    }

    [Theory]
    [InlineData(32, 1u << 22)]
    [InlineData(20, 1u << 10)]
    public void TheMaskedInputPassesAChiSquareUniformityTest(int bits, uint levels)
    {
        var p = new QuantizationParameters(bits, 1.0, levels, 1024);
        var (_, masked) = HonestClient(p);
        // 256 buckets by the top 8 bits of the m-bit value; df = 255. The 0.999 quantile of chi-square(255)
        // is 330.52 (significance 0.001): a uniform vector exceeds it one time in a thousand.
        var counts = new long[256];
        foreach (uint y in masked)
        {
            Assert.True(y <= p.RingMask);
            counts[y >> (bits - 8)]++;
        }
        double expected = Length / 256.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 330.52, $"chi-square {chiSquare:F1} over 256 buckets");
        // Without the masks the same test fails by a wide margin (the ramp fills only the low buckets
        // when m = 32 and L = 2^22), so the test can tell.
        if (bits == 32)
        {
            var (input, _) = HonestClient(p);
            var plain = new long[256];
            foreach (uint x in input)
                plain[x >> (bits - 8)]++;
            Assert.True(plain.Sum(c => (c - expected) * (c - expected) / expected) > 330.52);
        }
    }

    [Fact]
    public void TheMaskedInputIsUncorrelatedWithTheInput()
    {
        var (input, masked) = HonestClient(QuantizationParameters.Default);
        double meanX = input.Average(x => (double)x), meanY = masked.Average(y => (double)y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int j = 0; j < Length; j++)
        {
            double dx = input[j] - meanX, dy = masked[j] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        double r = sxy / Math.Sqrt(sxx * syy);
        // Under independence r has standard deviation 1/sqrt(N) = 0.00195; 4 of those (two-sided
        // significance 6e-5) is the bound.
        Assert.True(Math.Abs(r) < 4 / Math.Sqrt(Length), $"correlation {r}");
    }
}
