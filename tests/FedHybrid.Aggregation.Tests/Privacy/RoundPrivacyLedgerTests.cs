using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>The per-round report reuses one round's RDP and PLD, yet every figure is a fresh accountant's to the bit.</summary>
public sealed class RoundPrivacyLedgerTests
{
    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(1.0, 1.5)]
    [InlineData(0.1, 0.8)]
    public void EachFigureIsAFreshAccountantsForThatManyRounds(double q, double sigma)
    {
        var ledger = new RoundPrivacyLedger(q, sigma, 1e-5, discretization: 1e-3);
        // Increasing, then back down (a resumed run starts at its own round): the cache never changes a figure.
        foreach (long rounds in new long[] { 1, 2, 3, 8, 30, 4, 30 })
        {
            var (rdp, pld) = ledger.EpsilonAfter(rounds);
            Assert.Equal(new RdpAccountant().ComposePoissonGaussian(q, sigma, rounds).Epsilon(1e-5).Epsilon, rdp);
            Assert.Equal(new PldAccountant(1e-3).ComposePoissonGaussian(q, sigma, rounds).Epsilon(1e-5).Epsilon, pld);
        }
    }

    [Fact]
    public void NothingIsSpentBeforeTheFirstRoundAndEpsilonGrowsWithRounds()
    {
        var ledger = new RoundPrivacyLedger(0.3, 1.1, 1e-5, discretization: 1e-3);
        Assert.Equal((0.0, 0.0), ledger.EpsilonAfter(0));
        var figures = Enumerable.Range(1, 6).Select(t => ledger.EpsilonAfter(t)).ToArray();
        for (int t = 1; t < figures.Length; t++)
        {
            Assert.True(figures[t].Rdp > figures[t - 1].Rdp);
            Assert.True(figures[t].Pld > figures[t - 1].Pld);
        }
        // PLD is the tighter of the two upper bounds.
        Assert.All(figures, f => Assert.True(f.Pld <= f.Rdp, $"{f.Pld} > {f.Rdp}"));
    }

    [Fact]
    public void RefusesSettingsWithoutAGuarantee()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundPrivacyLedger(0.5, 0, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundPrivacyLedger(0, 1, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundPrivacyLedger(0.5, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundPrivacyLedger(0.5, 1, 1e-5).EpsilonAfter(-1));
    }
}
