using FedHybrid.Aggregation;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Tests;

/// <summary>A round engine over a <see cref="FakeEvaluator"/> and real keys, writing to a scratch directory.</summary>
static class TestEngines
{
    /// <summary>The most samples a test client may claim.</summary>
    public const long SampleLimit = 10_000;

    /// <param name="centralEvaluation">False: the strategy does not evaluate the model (its test accuracy is not measured).</param>
    public static RoundEngine Create(TestKeys keys, string directory, int parameters, int rounds, TimeSpan deadline,
        int minUpdates = 1, int maxChunkBytes = 1 << 20, double fractionEvaluate = 0, Action<string>? log = null,
        TimeProvider? time = null, bool centralEvaluation = true) =>
        new(new CoordinatorOptions("run-t", "fake", rounds, new TrainingSettings(1, 8, 0.1, 0, 0, 0), 9, deadline, TimeSpan.FromSeconds(30),
                minUpdates, 1, 2, directory) { MaxChunkBytes = maxChunkBytes, Samples = new SampleLimits(SampleLimit) },
            new FedAvg(new FedAvgOptions(), centralEvaluation ? (_, w) => new FakeEvaluator(parameters).Evaluate(w) : null) { FractionEvaluate = fractionEvaluate },
            new FakeEvaluator(parameters), keys.Coordinator, keys.Registry, time: time, log: log);
}
