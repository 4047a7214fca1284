using System.Diagnostics;
using System.Globalization;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Parameters;
using FedHybrid.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// Training throughput of the project's loop (<see cref="LocalLearner.Fit"/>, turning the managed
/// dataset into tensors included) against a bare TorchSharp loop over tensors built beforehand, in
/// one process, same threads, batch, data and starting weights. The two run alternately (and in
/// alternating order), one epoch each, so that load from other processes on a shared machine falls on both alike; the table
/// reports the median epoch. Usage: training [--models mlp2nn,cnn] [--threads 2] [--batch 64]
/// [--samples 10000] [--repeats 5] [--lr 0.01] [--data DIR].
/// </summary>
public static class TrainingThroughput
{
    public static int Run(string[] args)
    {
        var models = Arg(args, "--models", "mlp2nn,cnn").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int threads = int.Parse(Arg(args, "--threads", "2"), CultureInfo.InvariantCulture);
        int batch = int.Parse(Arg(args, "--batch", "64"), CultureInfo.InvariantCulture);
        int samples = int.Parse(Arg(args, "--samples", "10000"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(Arg(args, "--repeats", "5"), CultureInfo.InvariantCulture);
        double lr = double.Parse(Arg(args, "--lr", "0.01"), CultureInfo.InvariantCulture);
        string? dataDirectory = args.Contains("--data") ? Arg(args, "--data", "") : null;

        var dataset = FashionMnist.LoadAsync(dataDirectory).GetAwaiter().GetResult();
        var train = dataset.Train.Subset(Enumerable.Range(0, Math.Min(samples, dataset.Train.Count)).ToArray());
        Console.WriteLine($"data: {dataset.Description}; first {train.Count:N0} training images");
        Console.WriteLine($"threads {threads}, batch {batch}, SGD lr {lr} momentum 0.9, {repeats} alternating epochs of each loop, median reported");
        Console.WriteLine();
        Console.WriteLine("| model | loop | samples/s | GFLOP/s | vs bare | samples/CPU-s | vs bare (CPU) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var model in models)
        {
            var (project, bare) = Measure(model, train, threads, batch, lr, repeats);
            double flops = 3.0 * ModelFactory.ForwardFlopsPerSample(model);
            Console.WriteLine($"| {model} | project (LocalLearner.Fit) | {project.Wall:N0} | {project.Wall * flops / 1e9:F2} | {project.Wall / bare.Wall:F3} | {project.Cpu:N0} | {project.Cpu / bare.Cpu:F3} |");
            Console.WriteLine($"| {model} | bare TorchSharp | {bare.Wall:N0} | {bare.Wall * flops / 1e9:F2} | 1.000 | {bare.Cpu:N0} | 1.000 |");
        }
        return 0;
    }

    /// <summary>
    /// Median samples per wall-clock second and per second of process CPU time, of the project loop
    /// and of the bare loop. CPU time is the steadier measure on a loaded machine when threads is 1.
    /// </summary>
    public static ((double Wall, double Cpu) Project, (double Wall, double Cpu) Bare) Measure(string model, LabeledImages train, int threads, int batch, double lr, int repeats)
    {
        var options = new TrainingOptions(Epochs: 1, BatchSize: batch, LearningRate: lr, Momentum: 0.9);
        using var learner = new LocalLearner(model, threads, seed: 1);
        float[] start = learner.InitialWeights();
        using var tensors = new ImageTensors(train);
        using var bareModel = ModelFactory.Create(model);
        List<double> projectWall = [], projectCpu = [], bareWall = [], bareCpu = [];
        for (int round = 0; round <= repeats; round++)
        {
            // Which loop goes first alternates too, so neither always runs after the other.
            (double Wall, double Cpu) projectRate = default, bareRate = default;
            for (int turn = 0; turn < 2; turn++)
            {
                if ((turn + round) % 2 == 0)
                {
                    // A fresh record each time: same arrays, new identity, so Fit builds its tensors again.
                    var shard = train with { };
                    var clock = Clock.Start();
                    learner.Fit(start, shard, options with { Seed = round });
                    projectRate = clock.Rate(train.Count);
                }
                else
                {
                    ParameterVector.Write(bareModel, start);
                    var clock = Clock.Start();
                    TrainingFloor.BareEpoch(bareModel, tensors.Images, tensors.Labels, batch, lr, momentum: 0.9, seed: round);
                    bareRate = clock.Rate(train.Count);
                }
            }
            if (round == 0) continue; // warm-up
            projectWall.Add(projectRate.Wall);
            projectCpu.Add(projectRate.Cpu);
            bareWall.Add(bareRate.Wall);
            bareCpu.Add(bareRate.Cpu);
        }
        return ((Median(projectWall), Median(projectCpu)), (Median(bareWall), Median(bareCpu)));
    }

    readonly record struct Clock(Stopwatch Wall, TimeSpan Cpu)
    {
        public static Clock Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

        public (double Wall, double Cpu) Rate(int samples) =>
            (samples / Wall.Elapsed.TotalSeconds, samples / (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds);
    }

    static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static string Arg(string[] args, string name, string fallback) => RoutineArgs.Value(args, name, fallback);
}
