using FedHybrid.Learning.Partitioning;
using Xunit;

namespace FedHybrid.Learning.Tests.Partitioning;

public sealed class SeededRandomTests
{
    [Fact]
    public void Xoshiro256StarStarMatchesTheReferenceOutputs()
    {
        // From state {1, 2, 3, 4}: the outputs of Blackman and Vigna's xoshiro256starstar.c, as listed in
        // the rand_xoshiro crate's reference test (and other independent implementations).
        var random = SeededRandom.FromState(1, 2, 3, 4);

        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
            607988272756665600, 16172922978634559625, 8476171486693032832,
            10595114339597558777, 2904607092377533576,
        ];
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Theory]
    [InlineData(1234567UL, new[] { 6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL, 4593380528125082431UL, 16408922859458223821UL })]
    [InlineData(0UL, new[] { 0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL })]
    public void SplitMix64MatchesTheReferenceOutputs(ulong seed, ulong[] expected)
    {
        // Vigna's splitmix64.c; the seed 1234567 sequence is Rosetta Code's "Pseudo-random numbers/Splitmix64".
        ulong state = seed;

        Assert.Equal(expected, expected.Select(_ => SeededRandom.SplitMix64(ref state)).ToArray());
    }

    [Fact]
    public void ASeedFillsTheStateWithFourSplitMix64Outputs()
    {
        ulong state = 42;
        var fromState = SeededRandom.FromState(
            SeededRandom.SplitMix64(ref state), SeededRandom.SplitMix64(ref state), SeededRandom.SplitMix64(ref state), SeededRandom.SplitMix64(ref state));
        var seeded = new SeededRandom(42);

        for (int i = 0; i < 10; i++)
            Assert.Equal(fromState.NextUInt64(), seeded.NextUInt64());
    }

    [Fact]
    public void AnAllZeroStateIsRejected() => Assert.Throws<ArgumentException>(() => SeededRandom.FromState(0, 0, 0, 0));

    [Fact]
    public void NextIntIsInRangeAndCoversItEvenly()
    {
        var random = new SeededRandom(7);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
            counts[random.NextInt(7)]++;

        Assert.All(counts, n => Assert.InRange(n, 9_600, 10_400));
        Assert.Equal(0, new SeededRandom(1).NextInt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void ShuffleIsAPermutation()
    {
        int[] items = [.. Enumerable.Range(0, 1000)];
        new SeededRandom(3).Shuffle(items.AsSpan());

        Assert.NotEqual(Enumerable.Range(0, 1000), items);
        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(100.0)]
    public void GammaHasTheRightMeanAndVariance(double shape)
    {
        var random = new SeededRandom(11);
        const int n = 40_000;
        double[] draws = [.. Enumerable.Range(0, n).Select(_ => random.NextGamma(shape))];

        // Gamma(k, 1) has mean k and variance k; 40,000 draws put the sample mean within ~1.5% sd/sqrt(n) bounds.
        double mean = draws.Average();
        double variance = draws.Average(x => (x - mean) * (x - mean));
        Assert.InRange(mean, shape - 5 * Math.Sqrt(shape / n), shape + 5 * Math.Sqrt(shape / n));
        Assert.InRange(variance / shape, 0.9, 1.1);
        Assert.All(draws, x => Assert.True(x >= 0));
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.1)]
    [InlineData(10.0)]
    public void DirichletDrawsAreDistributions(double alpha)
    {
        var random = new SeededRandom(5);
        for (int i = 0; i < 200; i++)
        {
            double[] p = random.NextDirichlet(alpha, 50);
            Assert.All(p, x => Assert.True(x >= 0 && double.IsFinite(x)));
            Assert.Equal(1.0, p.Sum(), 1e-12);
        }
    }

    [Fact]
    public void SmallAlphaConcentratesTheDirichletAndLargeAlphaSpreadsIt()
    {
        var random = new SeededRandom(5);
        double meanMaxSmall = Enumerable.Range(0, 200).Average(_ => random.NextDirichlet(0.05, 10).Max());
        double meanMaxLarge = Enumerable.Range(0, 200).Average(_ => random.NextDirichlet(1000, 10).Max());

        Assert.True(meanMaxSmall > 0.7, $"mean largest share for alpha 0.05 is {meanMaxSmall}");
        Assert.True(meanMaxLarge < 0.12, $"mean largest share for alpha 1000 is {meanMaxLarge}");
    }
}
