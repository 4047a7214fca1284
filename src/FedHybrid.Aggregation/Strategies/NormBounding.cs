using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Norm bounding (Sun, Kairouz, Suresh and McMahan, "Can You Really Backdoor Federated Learning?",
/// arXiv:1911.07963, 2019): each delta longer than M is scaled to norm M,
/// delta_i * min(1, M / ||delta_i||), and the clipped deltas are averaged by sample count as FedAvg
/// does; x = x + that. One client's pull on the step is then at most (n_i / n) * M, but its direction
/// is its own: it bounds the size of an attack, not its sign. Every sum in double in client-id order.
/// Keeps no state.
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

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        double total = accepted.Sum(r => (double)r.SampleCount);
        var coefficients = accepted.Select(r => r.SampleCount / total * ClipFactor(r.Delta, _options.NormBound)).ToArray();
        var step = VectorMath.WeightedSum(accepted.Select(r => r.Delta).ToArray(), coefficients);
        var next = new float[step.Length];
        for (int j = 0; j < next.Length; j++)
            next[j] = (float)(round.Global[j] + step[j]);
        return new ServerStep(next, StrategyState.Empty);
    }
}
