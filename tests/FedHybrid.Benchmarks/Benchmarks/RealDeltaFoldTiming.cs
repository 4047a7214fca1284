using System.Diagnostics;
using System.Globalization;
using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// FoldBenchmarks folds a uniform synthetic update; this folds a real one: the delta of one local epoch of a model on
/// 2,000 bundled training images, against a uniform update of the same length, and says how many of the real delta's
/// groups of four share a plane of the accumulator (ExactWeightedSum's four-at-a-time path). A measuring routine, since
/// BenchmarkDotNet's generated project does not carry libtorch. Usage: fold-real-delta [--model cnn] [--folds 200].
/// </summary>
public static class RealDeltaFoldTiming
{
    public static int Run(string[] args)
    {
        string model = RoutineArgs.Value(args, "--model", "cnn");
        int folds = int.Parse(RoutineArgs.Value(args, "--folds", "200"), CultureInfo.InvariantCulture);
        var data = FashionMnist.LoadAsync(Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset")).GetAwaiter().GetResult();
        using var learner = new LocalLearner(model, threads: 1, seed: 1);
        var global = learner.InitialWeights();
        var fit = learner.Fit(global, data.Train.Subset([.. Enumerable.Range(0, 2000)]), new TrainingOptions(1, 32, 0.05, 0.5, 0, 0, 7, null));
        var delta = fit.Weights.Zip(global, (a, b) => a - b).ToArray();
        int groups = delta.Length / 4, shared = 0;
        for (int g = 0; g < groups; g++)
            if (new ArraySegment<float>(delta, 4 * g, 4).Where(v => v != 0).Select(Plane).Distinct().Count() <= 1)
                shared++;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model}: {delta.Length:N0} values, {delta.Count(v => v == 0):N0} exactly zero; {100.0 * shared / groups:F2} % of the groups of four share a plane"));
        var random = new Random(12);
        var uniform = Enumerable.Range(0, delta.Length).Select(_ => (float)(random.NextDouble() * 2e-3 - 1e-3)).ToArray();
        foreach (var (name, update) in new[] { ("real", delta), ("uniform", uniform), ("real", delta), ("uniform", uniform) })
        {
            var sum = new ExactWeightedSum(update.Length);
            for (int i = 0; i < 20; i++)
                sum.Add(update, 100);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < folds; i++)
                sum.Add(update, 100 + i);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} update: {clock.Elapsed.TotalMilliseconds / folds:F3} ms a fold"));
        }
        return 0;
    }

    // The accumulator plane of a nonzero value's lowest digit (ExactWeightedSum: place max(biased exponent, 1) - 1).
    static int Plane(float value) => (int)(Math.Max((BitConverter.SingleToUInt32Bits(value) >> 23) & 0xFF, 1) - 1) >> 5;
}
