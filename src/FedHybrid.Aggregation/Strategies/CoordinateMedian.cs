using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Coordinate-wise median (Yin, Chen, Ramchandran and Bartlett, ICML 2018): each coordinate of the
/// step is the median of the clients' values there, the mean of the two middle values when the count
/// is even; x = x + med. Unweighted, as in the paper: sample counts are what each client says, and a
/// weight would let one client that claims many samples move the median. Breakdown point 1/2: fewer
/// than half of the updates, however large, cannot move a coordinate outside the honest values' range.
/// Keeps no state.
/// </summary>
public sealed class CoordinateMedian(CoordinateMedianOptions options, FitSettings settings) : FitStrategy(options, settings)
{
    public override string Name => "median";

    private protected override string? FoldRefusal => "the coordinate-wise median needs each client's value of every coordinate";

    /// <summary>The median of values sorted ascending.</summary>
    public static double Median(ReadOnlySpan<float> sorted)
    {
        if (sorted.IsEmpty)
            throw new ArgumentException("at least one value is needed", nameof(sorted));
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : ((double)sorted[middle - 1] + sorted[middle]) / 2;
    }

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted) =>
        new(VectorMath.Add(round.Global, CoordinateWise.Apply(accepted, Median)), StrategyState.Empty);
}
