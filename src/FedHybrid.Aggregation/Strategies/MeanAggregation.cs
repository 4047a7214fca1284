using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Another way to turn a round's accepted plaintext updates into the mean delta a
/// <see cref="MeanDeltaStrategy"/> steps with, in place of the sample-weighted mean: central DP clips each
/// update and adds Gaussian noise to the sum. It may keep state across rounds (an accountant, an adaptive
/// clipping norm); that state travels in the strategy's checkpoint under scalar and vector names starting
/// with <see cref="StatePrefix"/>, and it advances only with a round the strategy adopts.
/// </summary>
public abstract class MeanAggregation
{
    /// <summary>The name in configs and metrics (central-dp ...).</summary>
    public abstract string Name { get; }

    /// <summary>Every state name of this aggregation starts with it, so it never meets the strategy's own.</summary>
    public string StatePrefix => Name + ".";

    /// <summary>The mean for this round from <paramref name="accepted"/> (in client-id order), the figures it
    /// adds to the round's metrics, and the state to keep if the round is adopted.</summary>
    public abstract MeanAggregate Aggregate(RoundContext round, int instructed, IReadOnlyList<FitReply> accepted);

    /// <summary>Figures for metrics.csv in a round that did not aggregate (epsilon spent so far).</summary>
    public virtual StageConfig IdleMetrics() => StageConfig.Empty;

    /// <summary>What must survive a restart (names start with <see cref="StatePrefix"/>).</summary>
    public virtual StrategyState SaveState() => StrategyState.Empty;

    /// <summary>Restores what <see cref="SaveState"/> saved; <see cref="StrategyState.Empty"/> is a fresh start.</summary>
    public virtual void RestoreState(StrategyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsEmpty)
            throw new ArgumentException($"aggregation '{Name}' keeps no state, but the checkpoint holds {state.Describe()}", nameof(state));
    }
}

/// <summary>A <see cref="MeanAggregation"/>'s answer for one round.</summary>
public sealed record MeanAggregate(float[] Mean, StageConfig Metrics, StrategyState State);
