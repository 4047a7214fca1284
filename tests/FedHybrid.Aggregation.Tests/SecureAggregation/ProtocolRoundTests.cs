using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

/// <summary>A whole round over the math of this folder: shares of each client's self-mask seed and key
/// secret go to its neighbours, some clients drop before the masked input and some after it, survivors
/// decide which shares to reveal, and the server reconstructs and unmasks. The key agreement and the KDF
/// that turns a reconstructed key into pairwise seeds are Crypto's; here a key secret stands for the
/// seeds it would derive (a table), and reconstruction must return it exactly.</summary>
public sealed class ProtocolRoundTests
{
    [Theory]
    [InlineData(30, 0, 0)]
    [InlineData(30, 3, 2)]
    [InlineData(30, 6, 3)]
    public void DroppedClientsAreRecoveredFromRevealedSharesAndTheSumIsExact(int n, int dropBefore, int dropAfter)
    {
        var choice = SecAggPlusParameters.Choose(n, dropoutFraction: 0.3, corruptFraction: 0.1);
        int t = choice.Threshold;
        var round = new SecAggRound(n, choice.Neighbours, QuantizationParameters.Default, 64, seed: 100 + dropBefore);
        var keySecrets = Enumerable.Range(0, n).Select(i => round.SelfSeeds[(i + 1) % n].Reverse().ToArray()).ToArray();
        using var rng = new PrgRandomNumberGenerator(Enumerable.Repeat((byte)9, 32).ToArray());

        // share-keys: holder j keeps the share of i's secrets at point j + 1.
        var selfShares = new Dictionary<(int Owner, int Holder), ShamirShare>();
        var keyShares = new Dictionary<(int Owner, int Holder), ShamirShare>();
        for (int i = 0; i < n; i++)
        {
            var holders = round.Graph.Neighbours(i);
            var points = holders.Select(j => j + 1).ToArray();
            var b = ShamirSecretSharing.Split(round.SelfSeeds[i], t, points, rng);
            var s = ShamirSecretSharing.Split(keySecrets[i], t, points, rng);
            for (int h = 0; h < holders.Count; h++)
            {
                selfShares[(i, holders[h])] = b[h];
                keyShares[(i, holders[h])] = s[h];
            }
        }

        var survivors = Enumerable.Range(dropBefore, n - dropBefore).ToHashSet();
        var responders = survivors.Skip(dropAfter).ToHashSet();
        var sum = round.Collect(survivors);
        Assert.Null(sum.Check(t, responders));

        // unmask: each responder answers through its ledger.
        var revealedSelf = new Dictionary<int, List<ShamirShare>>();
        var revealedKey = new Dictionary<int, List<ShamirShare>>();
        foreach (int j in responders)
        {
            var ledger = new ShareRevealLedger(j, round.Graph.Neighbours(j), t);
            var decision = ledger.Decide(sum.Survivors, sum.Dropped);
            Assert.False(decision.Refused, decision.Refusal);
            foreach (var reveal in decision.Reveals)
            {
                var (store, shares) = reveal.Kind == ShareKind.SelfMaskSeed ? (revealedSelf, selfShares) : (revealedKey, keyShares);
                if (!store.TryGetValue(reveal.Peer, out var list))
                    store[reveal.Peer] = list = [];
                list.Add(shares[(reveal.Peer, j)]);
            }
        }
        var selfSeeds = sum.Survivors.ToDictionary(i => i, i => ShamirSecretSharing.Combine(revealedSelf[i], t));
        var pairSeeds = new Dictionary<(int Survivor, int Dropped), byte[]>();
        foreach (int d in sum.Dropped)
        {
            Assert.Equal(keySecrets[d], ShamirSecretSharing.Combine(revealedKey[d], t));
            Assert.False(revealedSelf.ContainsKey(d), $"a self-mask share of dropped client {d} was revealed");
        }
        foreach (var pair in sum.PairsToRemove)
            pairSeeds[pair] = round.PairSeeds[pair]; // what the KDF would derive from the reconstructed key
        Assert.Equal(round.ExpectedSum(survivors), sum.Unmask(selfSeeds, pairSeeds));
    }

    [Fact]
    public void TooManyDropoutsAbortWithATypedReason()
    {
        var round = new SecAggRound(10, 8, QuantizationParameters.Default, 4, seed: 5);
        var sum = round.Collect(Enumerable.Range(0, 10));
        var responders = new HashSet<int> { 0, 1, 2, 3 };
        var e = Assert.Throws<SecureAggregationAbortedException>(() => sum.EnsureRecoverable(5, responders));
        Assert.Equal(AbortKind.SelfMaskUnrecoverable, e.Reason.Kind);
        Assert.Equal(5, e.Reason.Threshold);
        Assert.Contains("fewer than t = 5", e.Message);

        var few = round.Collect(Enumerable.Range(0, 4));
        Assert.Equal(AbortKind.TooFewSurvivors, few.Check(5, responders)!.Kind);
    }
}
