using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// A fit strategy whose server step needs only the mean of the clients' deltas (FedAvg, FedAvgM, FedProx,
/// the FedOpt family, norm bounding): not each update. That is what lets the mean be computed another
/// way: with noise at the coordinator (central DP, a <see cref="MeanAggregation"/>), or as a masked sum
/// the coordinator cannot look inside (secure aggregation). A strategy that needs every update (a median,
/// Krum) is a plain <see cref="FitStrategy"/> and cannot be combined with either. The plaintext mean is one exact
/// running sum of sample_count * delta (<see cref="ExactWeightedSum"/>) that each accepted update is folded into as it
/// arrives, so the coordinator holds no update after it is counted and the order of arrival changes no bit.
/// </summary>
public abstract class MeanDeltaStrategy : FitStrategy
{
    protected MeanDeltaStrategy(FitOptions options, FitSettings settings) : base(options, settings)
    {
    }

    /// <summary>The server's move from this round's mean delta (the negative pseudo-gradient).</summary>
    protected internal abstract ServerStep MeanDeltaStep(RoundContext round, float[] meanDelta);

    /// <summary>An L2 bound each update is clipped to before it is averaged (norm bounding's M), or null.
    /// Under secure aggregation the client applies it before masking, since the coordinator never sees
    /// one update.</summary>
    public virtual double? UpdateNormBound => null;

    /// <summary>Folds unless <see cref="FitStrategy.Aggregation"/> computes the mean instead: central DP clips each
    /// update and sums the clipped ones in double when the stage ends (the clipped values are float32 and their
    /// weights 1, so it could fold too; it does not yet, to keep its arithmetic as it was).</summary>
    private protected override string? FoldRefusal =>
        Aggregation is { } aggregation ? $"'{aggregation.Name}' clips and sums every update when the stage ends" : null;

    /// <summary>sample_count * delta, exactly: the sum does not depend on the order updates arrive in.</summary>
    private protected override void Fold(ExactWeightedSum sum, FitReply reply) => sum.Add(reply.Delta, reply.SampleCount);

    /// <summary>The sample-weighted mean delta from the exact sum (<see cref="ExactWeightedSum.Mean"/>).</summary>
    private protected override ServerStep FoldedUpdate(RoundContext round, ExactWeightedSum sum) => MeanDeltaStep(round, sum.Mean());

    /// <summary>What <see cref="FitStrategy.Aggregation"/> computes from the held plaintext updates (clipped and
    /// noised, for central DP); without one, the sample-weighted mean, as the fold computes it.</summary>
    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        if (Aggregation is { } aggregation)
            return MeanDeltaStep(round, AggregateWith(aggregation, round, accepted));
        var sum = new ExactWeightedSum(round.Global.Length);
        foreach (var reply in accepted)
            Fold(sum, reply);
        return FoldedUpdate(round, sum);
    }
}
