using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Coordinate-wise trimmed mean (Yin, Chen, Ramchandran and Bartlett, ICML 2018): in each coordinate,
/// drop the k = floor(beta * n) largest and the k smallest of the n clients' values and average the
/// rest, in double; x = x + that. Unweighted, as in the paper. While at most k of the n
/// updates are hostile, every coordinate stays within the honest values' range (breakdown point beta).
/// Keeps no state.
/// </summary>
public sealed class TrimmedMean : FitStrategy
{
    readonly TrimmedMeanOptions _options;

    public TrimmedMean(TrimmedMeanOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "trimmed-mean";

    private protected override string? FoldRefusal => "the trimmed mean ranks each client's value of every coordinate";

    /// <summary>How many values are cut from each end of a coordinate's <paramref name="count"/> values.</summary>
    public static int Trimmed(double beta, int count) => (int)Math.Floor(beta * count);

    /// <summary>The mean of values sorted ascending, without the <paramref name="trim"/> at each end.</summary>
    public static double Mean(ReadOnlySpan<float> sorted, int trim)
    {
        if (trim < 0 || 2 * trim >= sorted.Length)
            throw new ArgumentOutOfRangeException(nameof(trim), trim, $"cutting {trim} from each end of {sorted.Length} values leaves none");
        double sum = 0;
        for (int i = trim; i < sorted.Length - trim; i++)
            sum += sorted[i];
        return sum / (sorted.Length - 2 * trim);
    }

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        int trim = Trimmed(_options.Beta, accepted.Count);
        return new(VectorMath.Add(round.Global, CoordinateWise.Apply(accepted, sorted => Mean(sorted, trim))), StrategyState.Empty);
    }
}
