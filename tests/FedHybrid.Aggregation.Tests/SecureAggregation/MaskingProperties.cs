using CsCheck;
using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

/// <summary>Generated rounds: random cohorts, graphs, bits, vectors and dropout patterns (before the masked
/// input and between it and the unmask request).</summary>
public sealed class MaskingProperties
{
    static readonly Gen<(int N, int K, int T, int Bits, int Length, int Seed, int DropBefore, int DropAfter)> Rounds =
        from n in Gen.Int[3, 24]
        from kIndex in Gen.Int[0, 100]
        from tIndex in Gen.Int[0, 100]
        from bitsIndex in Gen.Int[0, 3]
        from length in Gen.Int[1, 40]
        from seed in Gen.Int[0, 1_000_000]
        from before in Gen.Int[0, n - 1]
        from after in Gen.Int[0, n - 1]
        // Squaring skews the dropout counts towards few, so both recoverable and aborted rounds are common.
        let dropBefore = before * before / (n - 1)
        let dropAfter = after * after / (n - 1)
        let bits = new[] { 12, 16, 24, 32 }[bitsIndex]
        let ks = Enumerable.Range(1, n - 1).Where(k => k % 2 == 0 || n % 2 == 0).ToArray()
        let k = ks[kIndex % ks.Length]
        let t = k / 2 + 1 + tIndex % (k - k / 2)
        select (n, k, t, bits, length, seed, dropBefore, dropAfter);

    static QuantizationParameters Params(int bits, int n)
    {
        ulong modulus = 1UL << bits;
        uint levels = (uint)Math.Min(modulus, (modulus - 1) / (ulong)n + 1);
        return new QuantizationParameters(bits, 0.75, levels, n);
    }

    static int[] Shuffled(int n, int seed)
    {
        var seedBytes = new byte[32];
        BitConverter.TryWriteBytes(seedBytes, seed);
        using var rng = new PrgRandomNumberGenerator(seedBytes);
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    [Fact]
    public void TheUnmaskedSumIsTheSumOfTheSurvivorsQuantizedInputsExactlyWheneverTheCheckPasses()
    {
        int unmasked = 0, aborted = 0;
        Rounds.Sample(r =>
        {
            var round = new SecAggRound(r.N, r.K, Params(r.Bits, r.N), r.Length, r.Seed);
            var order = Shuffled(r.N, r.Seed + 1);
            var survivors = order.Skip(r.DropBefore).ToHashSet();
            var responders = survivors.Where(c => !order.Take(r.DropAfter).Contains(c)).ToHashSet();
            var sum = round.Collect(survivors);

            var reason = sum.Check(r.T, responders);
            // The check agrees with counting by hand.
            bool recoverable = survivors.Count >= r.T
                && Enumerable.Range(0, r.N)
                    .Where(c => survivors.Contains(c) || round.Graph.Neighbours(c).Any(survivors.Contains))
                    .All(c => round.Graph.Neighbours(c).Count(responders.Contains) >= r.T);
            Assert.Equal(recoverable, reason is null);
            if (reason is null)
            {
                Assert.Equal(round.ExpectedSum(survivors), round.Unmask(sum));
                unmasked++;
            }
            else
            {
                Assert.Throws<SecureAggregationAbortedException>(() => sum.EnsureRecoverable(r.T, responders));
                aborted++;
            }
        }, iter: 300);
        // Both branches are exercised.
        Assert.True(unmasked > 30, $"{unmasked} rounds unmasked");
        Assert.True(aborted > 30, $"{aborted} rounds aborted");
    }

    [Fact]
    public void TheDequantizedSumIsWithinTheStatedBoundOfTheFloatSum()
    {
        Rounds.Sample(r =>
        {
            var p = Params(r.Bits, r.N);
            var round = new SecAggRound(r.N, r.K, p, r.Length, r.Seed);
            var survivors = Shuffled(r.N, r.Seed + 2).Skip(Math.Min(r.DropBefore, r.N - r.K / 2 - 1)).ToHashSet();
            var sum = round.Collect(survivors);
            if (sum.Check(1, survivors) is not null)
                return; // a survivor without a surviving neighbour: nothing to unmask with t = 1 either
            var result = new float[r.Length];
            Quantizer.Dequantize(round.Unmask(sum), survivors.Count, p, result);
            double bound = p.SumErrorBound(survivors.Count);
            for (int j = 0; j < r.Length; j++)
            {
                double exact = survivors.Sum(i => (double)round.Inputs[i][j]); // inputs lie inside [-c, c]
                Assert.True(Math.Abs(result[j] - exact) <= bound,
                    $"coordinate {j}: {result[j]} vs {exact}, bound {bound} (n = {survivors.Count}, m = {r.Bits})");
            }
        }, iter: 200);
    }

    [Fact]
    public void WithoutDropoutsTheMasksCancelWithNoSeedsRevealedButTheSelfMasks()
    {
        var round = new SecAggRound(12, 4, QuantizationParameters.Default, 100, 9);
        var sum = round.Collect(Enumerable.Range(0, 12));
        Assert.Empty(sum.Dropped);
        Assert.Empty(sum.PairsToRemove);
        Assert.Equal(round.ExpectedSum(Enumerable.Range(0, 12)), round.Unmask(sum));
    }

    [Fact]
    public void UnmaskingNamesAMissingSeed()
    {
        var round = new SecAggRound(8, 4, QuantizationParameters.Default, 10, 3);
        var sum = round.Collect(Enumerable.Range(1, 7));
        var pairs = sum.PairsToRemove.ToDictionary(p => p, p => round.PairSeeds[p]);
        var e = Assert.Throws<ArgumentException>(() => sum.Unmask(Enumerable.Range(2, 6).ToDictionary(i => i, i => round.SelfSeeds[i]), pairs));
        Assert.Contains("surviving client 1", e.Message);
        var first = pairs.Keys.First();
        pairs.Remove(first);
        e = Assert.Throws<ArgumentException>(() => sum.Unmask(Enumerable.Range(1, 7).ToDictionary(i => i, i => round.SelfSeeds[i]), pairs));
        Assert.Contains($"survivor {first.Survivor} and dropped client {first.Dropped}", e.Message);
    }
}
