using System.Diagnostics;
using System.Globalization;
using FedHybrid.Learning.Training;

namespace FedHybrid.Benchmarks.Benchmarks;

/// <summary>
/// What a client host saves per virtual client's fit or evaluation by keeping its workers' models (TrainingPool): building
/// one (torch's initialisation of every weight, and the copy of them the learner keeps) and letting it go. A measuring
/// routine, since BenchmarkDotNet's generated project does not carry libtorch. Usage: learner-build [--models mlp2nn,cnn]
/// [--builds 30] [--repeats 5]; milliseconds a build, median of the repeats after a warm-up build.
/// </summary>
public static class LearnerBuildTiming
{
    public static int Run(string[] args)
    {
        var models = RoutineArgs.Value(args, "--models", "mlp2nn,cnn").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int builds = int.Parse(RoutineArgs.Value(args, "--builds", "30"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(RoutineArgs.Value(args, "--repeats", "5"), CultureInfo.InvariantCulture);
        Console.WriteLine($"one thread, {builds} builds a repeat, median of {repeats} after a warm-up build");
        Console.WriteLine();
        Console.WriteLine("| model | parameters | ms a build |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var model in models)
        {
            int parameters;
            using (var warm = new LocalLearner(model, threads: 1))
                parameters = warm.ParameterCount;
            var milliseconds = Enumerable.Range(0, repeats).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < builds; i++)
                {
                    using var learner = new LocalLearner(model, threads: 1);
                }
                return clock.Elapsed.TotalMilliseconds / builds;
            }).Order().ToArray()[repeats / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {model} | {parameters:N0} | {milliseconds:F2} |"));
        }
        return 0;
    }
}
