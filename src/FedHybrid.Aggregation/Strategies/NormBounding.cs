using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Norm bounding (Sun, Kairouz, Suresh and McMahan, "Can You Really Backdoor Federated Learning?",
/// arXiv:1911.07963, 2019): each delta longer than M is scaled to norm M,
/// delta_i * min(1, M / ||delta_i||), and the clipped deltas are averaged by sample count as FedAvg
/// does; x = x + that. One client's pull on the step is then at most (n_i / n) * M, but its direction
/// is its own: it bounds the size of an attack, not its sign. Each clipped delta is rounded to float32 and folded
/// into the exact running sum as it arrives (<see cref="ExactWeightedSum"/>), so the order of arrival changes no
/// bit; x + sum / n is added in double and rounded once. Keeps no state.
/// </summary>
public sealed class NormBounding : MeanDeltaStrategy
{
    readonly NormBoundingOptions _options;

    public NormBounding(NormBoundingOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "norm-bounding";

    /// <summary>The factor min(1, M / ||delta||) that brings <paramref name="delta"/> within norm <paramref name="bound"/>.</summary>
    public static double ClipFactor(ReadOnlySpan<float> delta, double bound)
    {
        double norm = VectorMath.Norm(delta);
        return norm > bound ? bound / norm : 1.0;
    }

    public override double? UpdateNormBound => _options.NormBound;

    /// <summary>Under secure aggregation each client has clipped its own delta to M before masking, so the
    /// mean it gets is already the mean of clipped deltas.</summary>
    protected internal override ServerStep MeanDeltaStep(RoundContext round, float[] meanDelta) =>
        new(VectorMath.Add(round.Global, meanDelta), StrategyState.Empty);

    /// <summary>sample_count * (delta clipped to M, each value rounded to float32), exactly.</summary>
    private protected override void Fold(ExactWeightedSum sum, FitReply reply)
    {
        double factor = ClipFactor(reply.Delta, _options.NormBound);
        if (factor == 1.0)
        {
            sum.Add(reply.Delta, reply.SampleCount);
            return;
        }
        var clipped = new float[reply.Delta.Length];
        for (int j = 0; j < clipped.Length; j++)
            clipped[j] = (float)(reply.Delta[j] * factor);
        sum.Add(clipped, reply.SampleCount);
    }

    /// <summary>x + sum / n, added in double and rounded once.</summary>
    private protected override ServerStep FoldedUpdate(RoundContext round, ExactWeightedSum sum)
    {
        var sums = sum.Sums();
        double total = (double)sum.TotalWeight;
        var next = new float[sums.Length];
        for (int j = 0; j < next.Length; j++)
            next[j] = (float)(round.Global[j] + sums[j] / total);
        return new ServerStep(next, StrategyState.Empty);
    }
}
