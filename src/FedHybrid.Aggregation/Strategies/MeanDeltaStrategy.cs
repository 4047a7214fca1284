using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// A fit strategy whose server step needs only the mean of the clients' deltas (FedAvg, FedAvgM, FedProx,
/// the FedOpt family, norm bounding): not each update. That is what lets the mean be computed another
/// way: with noise at the coordinator (central DP, a <see cref="MeanAggregation"/>), or as a masked sum
/// the coordinator cannot look inside (secure aggregation). A strategy that needs every update (a median,
/// Krum) is a plain <see cref="FitStrategy"/> and cannot be combined with either.
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

    /// <summary>The mean from the accepted plaintext updates: the sample-weighted mean, or what
    /// <see cref="FitStrategy.Aggregation"/> computes instead (clipped and noised, for central DP).</summary>
    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted) =>
        MeanDeltaStep(round, Aggregation is { } aggregation ? AggregateWith(aggregation, round, accepted) : SampleWeightedMeanDelta(accepted));
}
