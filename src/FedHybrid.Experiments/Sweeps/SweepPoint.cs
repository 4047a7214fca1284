using FedHybrid.Experiments.Config;

namespace FedHybrid.Experiments.Sweeps;

/// <summary>One run of a sweep: its folder name, the value of every axis, and the complete config.</summary>
public sealed record SweepPoint(string Name, IReadOnlyList<(string Path, string Value)> Settings, ExperimentConfig Config);
