using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class ShareRevealLedgerTests
{
    [Fact]
    public void SurvivorsGetSelfMaskSharesAndDroppedPeersPairwiseSecretShares()
    {
        var ledger = new ShareRevealLedger(0, [1, 2, 3, 4], threshold: 3);
        var decision = ledger.Decide(survivors: [0, 1, 2, 3, 99], dropped: [4]);
        Assert.False(decision.Refused);
        Assert.Equal(
            [new ShareReveal(1, ShareKind.SelfMaskSeed), new ShareReveal(2, ShareKind.SelfMaskSeed),
             new ShareReveal(3, ShareKind.SelfMaskSeed), new ShareReveal(4, ShareKind.PairwiseSecret)],
            decision.Reveals);
    }

    [Fact]
    public void AClientNeverRevealsBothSharesOfOnePeerEvenAcrossRequests()
    {
        var ledger = new ShareRevealLedger(0, [1, 2, 3, 4], threshold: 2);
        Assert.False(ledger.Decide([1, 2, 3], [4]).Refused);
        // A second request that now calls 4 a survivor (and 1 dropped) would hand the server both shares.
        var second = ledger.Decide([2, 3, 4], [1]);
        Assert.True(second.Refused);
        Assert.Empty(second.Reveals);
        Assert.Contains("peer 4: the pairwise-secret share was already revealed", second.Refusal);
        // Nothing from the refused request was recorded; repeating the first is harmless.
        Assert.Equal(ShareKind.PairwiseSecret, ledger.Revealed[4]);
        Assert.Equal(ShareKind.SelfMaskSeed, ledger.Revealed[1]);
        Assert.False(ledger.Decide([1, 2, 3], [4]).Refused);
    }

    [Fact]
    public void APeerNamedBothSurvivorAndDroppedIsRefused()
    {
        var ledger = new ShareRevealLedger(0, [1, 2, 3], threshold: 2);
        var decision = ledger.Decide([1, 2, 3], [2]);
        Assert.True(decision.Refused);
        Assert.Contains("both as survivor and as dropped", decision.Refusal);
        Assert.Empty(ledger.Revealed);
    }

    [Fact]
    public void TooFewSurvivorsIsRefused()
    {
        var ledger = new ShareRevealLedger(0, [1, 2, 3, 4], threshold: 3);
        var decision = ledger.Decide([1], [2, 3, 4]);
        Assert.True(decision.Refused);
        Assert.Contains("fewer than the threshold t = 3", decision.Refusal);
    }
}
