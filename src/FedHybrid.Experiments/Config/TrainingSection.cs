using System.ComponentModel.DataAnnotations;
using FedHybrid.Aggregation.Binding;

namespace FedHybrid.Experiments.Config;

/// <summary>Each client's local training (SGD), which every fit instruction carries.</summary>
public sealed record TrainingSection
{
    [Range(1, 1000)]
    public int LocalEpochs { get; init; } = 1;

    [Range(1, 65_536)]
    public int BatchSize { get; init; } = 32;

    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    [Float32]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Also below 1 once rounded to a float32 (checked by <see cref="ExperimentConfigLoader"/>).</summary>
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    [Float32]
    public double Momentum { get; init; }

    [Range(0.0, double.MaxValue)]
    [Float32]
    public double WeightDecay { get; init; }
}
