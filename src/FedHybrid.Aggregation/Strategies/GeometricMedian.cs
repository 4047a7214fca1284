using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Geometric median by RFA (Pillutla, Kakade and Harchaoui, "Robust Aggregation for Federated
/// Learning", IEEE Transactions on Signal Processing 70, 2022): the step is an approximate minimizer
/// of sum_i alpha_i * ||v - delta_i||, alpha_i = n_i / n, found by the smoothed Weiszfeld algorithm.
/// From the weighted mean v, each iteration sets beta_i = alpha_i / max(nu, ||v - delta_i||) and
/// v = sum_i beta_i delta_i / sum_i beta_i, and stops after <see cref="GeometricMedianOptions.Iterations"/>
/// or once the objective changes by less than tolerance times itself. x = x + v. Breakdown point 1/2
/// of the total weight: the weights are the reported sample counts, as in the paper, so it bounds
/// clients that hold less than half of the claimed samples. Sums in double in client-id order.
/// Keeps no state.
/// </summary>
public sealed class GeometricMedian : FitStrategy
{
    readonly GeometricMedianOptions _options;

    public GeometricMedian(GeometricMedianOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "geometric-median";

    private protected override string? FoldRefusal => "the geometric median reweights each update by its distance to the estimate, step after step";

    /// <summary>The smoothed Weiszfeld estimate of the weighted geometric median of <paramref name="points"/>,
    /// and the iterations it took.</summary>
    public static (float[] Median, int Iterations) Weiszfeld(IReadOnlyList<float[]> points, IReadOnlyList<double> weights, double nu, int iterations, double tolerance)
    {
        if (points.Count == 0 || points.Count != weights.Count)
            throw new ArgumentException($"{points.Count} points and {weights.Count} weights; at least one of each, as many weights as points", nameof(weights));
        if (!(nu > 0))
            throw new ArgumentOutOfRangeException(nameof(nu), nu, "must be > 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        double total = weights.Sum();
        var alpha = weights.Select(w => w / total).ToArray();
        var median = ToFloat(VectorMath.WeightedSum(points, alpha));
        var distance = Distances(points, median);
        double objective = Objective(alpha, distance);
        int done = 0;
        while (done < iterations)
        {
            var beta = new double[points.Count];
            double sum = 0;
            for (int i = 0; i < beta.Length; i++)
                sum += beta[i] = alpha[i] / Math.Max(nu, distance[i]);
            for (int i = 0; i < beta.Length; i++)
                beta[i] /= sum;
            median = ToFloat(VectorMath.WeightedSum(points, beta));
            done++;
            distance = Distances(points, median);
            double previous = objective;
            objective = Objective(alpha, distance);
            if (Math.Abs(previous - objective) <= tolerance * objective)
                break;
        }
        return (median, done);
    }

    static double[] Distances(IReadOnlyList<float[]> points, float[] v) =>
        points.Select(p => Math.Sqrt(VectorMath.SquaredDistance(p, v))).ToArray();

    static double Objective(double[] alpha, double[] distance)
    {
        double sum = 0;
        for (int i = 0; i < alpha.Length; i++)
            sum += alpha[i] * distance[i];
        return sum;
    }

    static float[] ToFloat(double[] values)
    {
        var result = new float[values.Length];
        for (int j = 0; j < values.Length; j++)
            result[j] = (float)values[j];
        return result;
    }

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        var (median, _) = Weiszfeld(accepted.Select(r => r.Delta).ToArray(), accepted.Select(r => (double)r.SampleCount).ToArray(),
            _options.Nu, _options.Iterations, _options.Tolerance);
        return new ServerStep(VectorMath.Add(round.Global, median), StrategyState.Empty);
    }
}
