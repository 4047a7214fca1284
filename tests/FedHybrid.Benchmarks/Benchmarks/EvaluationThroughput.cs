using System.Diagnostics;
using System.Globalization;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;
using TorchSharp;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// The coordinator's central evaluation (<see cref="LocalLearner.Evaluate"/>) by forward batch and libtorch threads, so
/// the round's evaluate phase can be sized: images a second, median of the repeats after a warm-up. Usage: evaluation
/// [--model cnn] [--batches 32,100,250,1000] [--threads 1,2] [--repeats 5] [--data DIR] (the bundled subset's 2,000
/// test images when no --data).
/// </summary>
public static class EvaluationThroughput
{
    public static int Run(string[] args)
    {
        string model = RoutineArgs.Value(args, "--model", "cnn");
        var batches = Ints(RoutineArgs.Value(args, "--batches", "32,100,250,1000"));
        var threads = Ints(RoutineArgs.Value(args, "--threads", "1,2"));
        int repeats = int.Parse(RoutineArgs.Value(args, "--repeats", "5"), CultureInfo.InvariantCulture);
        string? directory = args.Contains("--data") ? RoutineArgs.Value(args, "--data", "") : Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset");
        var test = FashionMnist.LoadAsync(directory).GetAwaiter().GetResult().Test;
        Console.WriteLine($"{model}, {test.Count:N0} test images, median of {repeats} after a warm-up");
        Console.WriteLine();
        Console.WriteLine("| threads | batch | images/s | seconds for the set |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int t in threads)
        {
            using var learner = new LocalLearner(model, t, seed: 1);
            var weights = learner.InitialWeights();
            foreach (int batch in batches)
            {
                learner.Evaluate(weights, test, batch);
                var seconds = Enumerable.Range(0, repeats).Select(_ =>
                {
                    var clock = Stopwatch.StartNew();
                    learner.Evaluate(weights, test, batch);
                    return clock.Elapsed.TotalSeconds;
                }).Order().ToArray()[repeats / 2];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {t} | {batch} | {test.Count / seconds:N0} | {seconds:F3} |"));
            }
        }
        return 0;
    }

    static int[] Ints(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
