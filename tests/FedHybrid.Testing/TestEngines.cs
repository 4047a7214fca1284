using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Testing;

/// <summary>A stage engine running FedAvg over a <see cref="FakeEvaluator"/> and real keys, writing to a scratch directory.</summary>
public static class TestEngines
{
    /// <summary>The most samples a test client may claim.</summary>
    public const long SampleLimit = 10_000;

    public static StageEngine Create(TestKeys keys, string directory, int parameters, int rounds, TimeSpan deadline,
        int minUpdates = 1, int maxChunkBytes = 1 << 20, double fractionEvaluate = 0, Action<string>? log = null, TimeProvider? time = null, Strategy? strategy = null,
        TimeSpan trainingTimeSlice = default) =>
        new(new CoordinatorOptions("run-t", "fake", rounds, deadline, TimeSpan.FromSeconds(30), 1, 2, directory)
            { MaxChunkBytes = maxChunkBytes, Samples = new SampleLimits(SampleLimit), TrainingTimeSlice = trainingTimeSlice },
            strategy ?? new FedAvg(new FedAvgOptions { MinUpdates = minUpdates, FractionEvaluate = fractionEvaluate }, new FitSettings(1, 8, 0.1, Seed: 9)),
            new FakeEvaluator(parameters), keys.Coordinator, keys.Registry, time: time, log: log);
}
