using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class SecAggPlusParametersTests
{
    [Fact]
    public void TenClientsGetKEightAndTFiveAsComputedByHand()
    {
        // n = 10, 30 % dropout: 3 of a client's 9 others drop; 10 % corrupt: 1. k = 6, t = 4 fails
        // correctness (P(all 3 dropped among 6 of 9) = C(6,3)/C(9,6) = 20/84); k = 8, t = 5 leaves at
        // least 8 - 3 = 5 surviving neighbours always, and one corrupt neighbour is below t.
        var p = SecAggPlusParameters.Choose(10);
        Assert.Equal((10, 8, 5), (p.CohortSize, p.Neighbours, p.Threshold));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(10_000)]
    public void TheChoiceIsValidAndSparseForLargerCohorts(int n)
    {
        var p = SecAggPlusParameters.Choose(n);
        Assert.InRange(p.Threshold, p.Neighbours / 2 + 1, p.Neighbours);
        Assert.True(p.Neighbours < n - 1);
        // Re-validating the choice through the override path gives the same parameters.
        Assert.Equal(p, SecAggPlusParameters.Create(n, p.Neighbours, p.Threshold));
        if (n >= 1000)
            Assert.True(p.Neighbours < n / 4, $"k = {p.Neighbours} for n = {n} is not sparse");
    }

    [Fact]
    public void KGrowsSlowlyWithTheCohort()
    {
        int k1000 = SecAggPlusParameters.Choose(1000).Neighbours;
        int k10000 = SecAggPlusParameters.Choose(10_000).Neighbours;
        Assert.True(k10000 >= k1000);
        Assert.True(k10000 < 2 * k1000, $"k went from {k1000} to {k10000} for 10x the clients");
    }

    [Fact]
    public void TheChosenParametersSurviveSimulatedDropouts()
    {
        // 300 seeded rounds on n = 100 with 30 clients dropped: every survivor keeps t surviving neighbours.
        var p = SecAggPlusParameters.Choose(100);
        for (int round = 0; round < 300; round++)
        {
            var seed = new byte[32];
            BitConverter.TryWriteBytes(seed, round);
            var graph = NeighbourGraph.RandomHarary(100, p.Neighbours, seed);
            using var rng = new PrgRandomNumberGenerator(seed.Reverse().ToArray());
            var order = Enumerable.Range(0, 100).ToArray();
            for (int i = 99; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var alive = order.Skip(30).ToHashSet();
            foreach (int c in alive)
                Assert.True(graph.Neighbours(c).Count(alive.Contains) >= p.Threshold);
        }
    }

    [Fact]
    public void AnUnreachableTargetIsRefusedWithTheReason()
    {
        // Three clients, one drops: a survivor keeps one neighbour, but t must exceed k/2 = 1.
        var e = Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Choose(3));
        Assert.Contains("fewer than t surviving neighbours", e.Message);
    }

    [Fact]
    public void BadOverridesAreRefusedWithTheRule()
    {
        Assert.Contains("t <= k", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Create(10, 4, 5)).Message);
        Assert.Contains("exceed k/2", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Create(10, 4, 2)).Message);
        Assert.Contains("odd k and odd n", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Create(9, 3, 2)).Message);
        Assert.Equal("neighbours", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Create(10, 10, 6)).Parameter);
        Assert.Equal("dropoutFraction", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Choose(100, dropoutFraction: 0.5)).Parameter);
        Assert.Equal("corruptFraction", Assert.Throws<SecureAggregationParameterException>(() => SecAggPlusParameters.Choose(100, corruptFraction: -0.1)).Parameter);
    }
}
