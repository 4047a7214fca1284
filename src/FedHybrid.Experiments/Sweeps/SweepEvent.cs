using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Sweeps;

public enum SweepEventKind
{
    /// <summary>The run's folder holds it finished (summary.json): it is not run again.</summary>
    Skipped,
    Started,
    /// <summary>The run's folder holds it interrupted: it continues from its checkpoint.</summary>
    Resumed,
    /// <summary>A round of the current run progressed (<see cref="SweepEvent.Round"/>).</summary>
    Round,
    Finished,
}

/// <summary>What a sweep is doing: run <see cref="Index"/> (from 1) of <see cref="Count"/>.</summary>
public sealed record SweepEvent(SweepEventKind Kind, int Index, int Count, SweepPoint Point, RunProgress? Round = null, SweepRunResult? Result = null);
