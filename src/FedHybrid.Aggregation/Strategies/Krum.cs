using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, NeurIPS 2017). Each update's
/// score is the sum of its squared distances to its n - f - 2 nearest other updates; the m updates of
/// lowest score are averaged (unweighted, as in the paper) and x = x + that. m = 1 is Krum, which keeps
/// one update whole. Needs n &gt; 2f + 2 (the paper's condition) and m &lt;= n - f, so that the kept
/// updates can all be honest; a round that breaks either keeps the model and says why. Equal scores
/// go to the client first in id order. Keeps no state.
/// </summary>
public sealed class Krum : FitStrategy
{
    const int DistanceBlock = 512;

    readonly KrumOptions _options;

    public Krum(KrumOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "krum";

    private protected override string? FoldRefusal => "krum scores each update by its distances to the others";

    protected override string? CohortProblem(int accepted)
    {
        int f = _options.F, m = _options.M;
        if (accepted <= 2L * f + 2)
            return $"{accepted} accepted update(s); krum with f = {f} needs n > 2f + 2 = {2L * f + 2}";
        if (m > accepted - f)
            return $"{accepted} accepted update(s); krum with f = {f} keeps m = {m}, at most n - f = {accepted - f}";
        return null;
    }

    /// <summary>Each update's Krum score: the sum of its n - f - 2 smallest squared distances to the others.</summary>
    public static double[] Scores(IReadOnlyList<float[]> updates, int f)
    {
        int n = updates.Count, neighbours = n - f - 2;
        if (neighbours < 1)
            throw new ArgumentOutOfRangeException(nameof(f), f, $"krum needs n > 2f + 2; n = {n}");
        // A block of coordinates at a time, so each update's block is read from cache by all n - 1
        // pairs it is in (n whole updates do not fit in cache); the blocks' sums add up in order.
        int length = updates[0].Length;
        if (updates.Any(u => u.Length != length))
            throw new ArgumentException($"updates of different lengths: {string.Join(", ", updates.Select(u => u.Length).Distinct())}", nameof(updates));
        var distances = new double[n, n];
        for (int start = 0; start < length; start += DistanceBlock)
        {
            int width = Math.Min(DistanceBlock, length - start);
            for (int i = 0; i < n; i++)
                for (int k = i + 1; k < n; k++)
                    distances[i, k] += VectorMath.SquaredDistance(updates[i].AsSpan(start, width), updates[k].AsSpan(start, width));
        }
        for (int i = 0; i < n; i++)
            for (int k = i + 1; k < n; k++)
                distances[k, i] = distances[i, k];
        var scores = new double[n];
        var row = new double[n - 1];
        for (int i = 0; i < n; i++)
        {
            int c = 0;
            for (int k = 0; k < n; k++)
                if (k != i)
                    row[c++] = distances[i, k];
            Array.Sort(row);
            double score = 0;
            for (int k = 0; k < neighbours; k++)
                score += row[k];
            scores[i] = score;
        }
        return scores;
    }

    /// <summary>The indices of the <paramref name="m"/> lowest scores, lowest first; equal scores by index.</summary>
    public static int[] Select(IReadOnlyList<double> scores, int m) =>
        Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).Take(m).ToArray();

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        var deltas = accepted.Select(r => r.Delta).ToArray();
        var kept = Select(Scores(deltas, _options.F), _options.M);
        // In client-id order, so the average's sum does not depend on the scores' ranking.
        Array.Sort(kept);
        var step = VectorMath.WeightedAverage(kept.Select(i => deltas[i]).ToArray(), kept.Select(_ => 1L).ToArray());
        return new ServerStep(VectorMath.Add(round.Global, step), StrategyState.Empty);
    }
}
