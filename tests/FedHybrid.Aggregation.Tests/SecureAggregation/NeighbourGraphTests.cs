using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class NeighbourGraphTests
{
    static byte[] Seed(int s)
    {
        var seed = new byte[32];
        BitConverter.TryWriteBytes(seed, s);
        return seed;
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(5, 4)]
    [InlineData(10, 3)]
    [InlineData(10, 9)]
    [InlineData(100, 10)]
    [InlineData(101, 30)]
    public void EveryClientHasExactlyKDistinctNeighboursAndTheGraphIsSymmetric(int n, int k)
    {
        var graph = NeighbourGraph.RandomHarary(n, k, Seed(n * 1000 + k));
        for (int i = 0; i < n; i++)
        {
            var neighbours = graph.Neighbours(i);
            Assert.Equal(k, neighbours.Count);
            Assert.Equal(k, neighbours.Distinct().Count());
            Assert.DoesNotContain(i, neighbours);
            Assert.Equal(neighbours.Order(), neighbours);
            foreach (int j in neighbours)
                Assert.True(graph.AreNeighbours(j, i));
        }
    }

    [Fact]
    public void TheSeedFixesTheGraphAndAnotherSeedRelabelsIt()
    {
        string Edges(NeighbourGraph g) => string.Join(";", Enumerable.Range(0, g.Count).Select(i => string.Join(",", g.Neighbours(i))));
        Assert.Equal(Edges(NeighbourGraph.RandomHarary(50, 6, Seed(1))), Edges(NeighbourGraph.RandomHarary(50, 6, Seed(1))));
        Assert.NotEqual(Edges(NeighbourGraph.RandomHarary(50, 6, Seed(1))), Edges(NeighbourGraph.RandomHarary(50, 6, Seed(2))));
    }

    [Fact]
    public void RelabellingMakesEveryPairEquallyLikelyToBeNeighbours()
    {
        // Without relabelling client 0 would always neighbour 1 and never 25. Over 400 seeds, each of the 49
        // others is a neighbour of client 0 with probability k / (n - 1) = 4/49: expected 32.7 times,
        // standard deviation 5.5; every count must lie within 6 of those of the mean.
        const int n = 50, k = 4, seeds = 400;
        var counts = new int[n];
        for (int s = 0; s < seeds; s++)
            foreach (int j in NeighbourGraph.RandomHarary(n, k, Seed(s)).Neighbours(0))
                counts[j]++;
        double expected = seeds * (double)k / (n - 1);
        for (int j = 1; j < n; j++)
            Assert.InRange(counts[j], expected - 33, expected + 33);
        Assert.Equal(0, counts[0]);
    }

    [Fact]
    public void ImpossibleGraphsAreRefusedByName()
    {
        Assert.Equal("neighbours", Assert.Throws<SecureAggregationParameterException>(() => NeighbourGraph.RandomHarary(7, 3, Seed(0))).Parameter);
        Assert.Equal("neighbours", Assert.Throws<SecureAggregationParameterException>(() => NeighbourGraph.RandomHarary(7, 7, Seed(0))).Parameter);
        Assert.Equal("neighbours", Assert.Throws<SecureAggregationParameterException>(() => NeighbourGraph.RandomHarary(7, 0, Seed(0))).Parameter);
        Assert.Equal("cohortSize", Assert.Throws<SecureAggregationParameterException>(() => NeighbourGraph.RandomHarary(1, 1, Seed(0))).Parameter);
    }

    [Fact]
    public void RestrictDropsEdgesToAbsentClients()
    {
        var graph = NeighbourGraph.FromEdges(4, [(0, 1), (1, 2), (2, 3), (3, 0)]);
        var restricted = graph.Restrict(new HashSet<int> { 0, 1, 2 });
        Assert.Equal([1], restricted.Neighbours(0));
        Assert.Equal([0, 2], restricted.Neighbours(1));
        Assert.Empty(restricted.Neighbours(3));
    }
}
