using BenchmarkDotNet.Attributes;
using FedHybrid.Aggregation;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// The coordinator's work per accepted fit update, and per round, for mlp2nn's 199,210 and the fmnist cnn's
/// 1,663,370 parameters. Before: the held mean's share of one update (sum[j] += w / n * delta[j] in double, as
/// VectorMath.WeightedAverage does for each held update when the stage ends) and its last step (the double sums to
/// float). Now: folding the update into the exact running sum as it is accepted (ExactWeightedSum.Add), and the
/// round's mean from it (Mean: carries, the rounding to double, the division).
/// </summary>
[MemoryDiagnoser]
public class FoldBenchmarks
{
    float[] _delta = null!;
    double[] _held = null!;
    ExactWeightedSum _sum = null!;

    [Params(199_210, 1_663_370)]
    public int Parameters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12);
        _delta = new float[Parameters];
        for (int j = 0; j < _delta.Length; j++)
            _delta[j] = (float)(random.NextDouble() * 2e-3 - 1e-3);
        _held = new double[Parameters];
        _sum = new ExactWeightedSum(Parameters);
        for (int i = 0; i < 100; i++)
            _sum.Add(_delta, 100 + i);
    }

    [Benchmark(Baseline = true, Description = "held: one update's share of the double mean")]
    public double HeldUpdate()
    {
        double w = 100 / 10_000.0;
        var sum = _held;
        var v = _delta;
        for (int j = 0; j < v.Length; j++)
            sum[j] += w * v[j];
        return sum[0];
    }

    [Benchmark(Description = "fold: one update into the exact sum")]
    public long FoldUpdate()
    {
        _sum.Add(_delta, 100);
        return _sum.Count;
    }

    [Benchmark(Description = "held: the round's double sums to float")]
    public float[] HeldMean()
    {
        var mean = new float[_held.Length];
        for (int j = 0; j < mean.Length; j++)
            mean[j] = (float)_held[j];
        return mean;
    }

    [Benchmark(Description = "fold: the round's mean from the exact sum")]
    public float[] FoldedMean() => _sum.Mean();
}
