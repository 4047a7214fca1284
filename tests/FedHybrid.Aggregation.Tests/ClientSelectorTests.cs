using FedHybrid.Aggregation;

namespace FedHybrid.Aggregation.Tests;

public sealed class ClientSelectorTests
{
    static readonly string[] Clients = Enumerable.Range(1, 20).Select(i => $"client-{i:00}").ToArray();

    [Theory]
    [InlineData(20, 1.0, 1, 20)]
    [InlineData(20, 0.1, 1, 2)]
    [InlineData(20, 0.1, 5, 5)]
    [InlineData(20, 0.33, 1, 7)]
    [InlineData(3, 0.1, 10, 3)]
    public void SampleSizeIsMaxOfMinimumAndCeilFraction(int available, double fraction, int minimum, int expected) =>
        Assert.Equal(expected, ClientSelector.SampleSize(available, fraction, minimum));

    [Fact]
    public void SelectionIsDeterministicSortedAndIndependentOfInputOrder()
    {
        var a = ClientSelector.Select(Clients, 0.25, 1, seed: 11, round: 4);
        var b = ClientSelector.Select(Clients.Reverse().ToArray(), 0.25, 1, seed: 11, round: 4);
        Assert.Equal(a, b);
        Assert.Equal(5, a.Count);
        Assert.Equal(a.Order(StringComparer.Ordinal), a);
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.All(a, id => Assert.Contains(id, Clients));
    }

    [Fact]
    public void RoundsAndSeedsChangeTheSelection()
    {
        var byRound = Enumerable.Range(1, 10).Select(r => string.Join(',', ClientSelector.Select(Clients, 0.25, 1, 11, r))).Distinct().Count();
        Assert.True(byRound > 5, $"only {byRound} distinct selections over 10 rounds");
        Assert.NotEqual(ClientSelector.Select(Clients, 0.25, 1, 1, 1), ClientSelector.Select(Clients, 0.25, 1, 2, 1));
    }

    [Fact]
    public void EveryClientIsEventuallySelected()
    {
        var seen = Enumerable.Range(1, 50).SelectMany(r => ClientSelector.Select(Clients, 0.1, 1, 3, r)).ToHashSet();
        Assert.Equal(Clients.Length, seen.Count);
    }
}
