namespace FedHybrid.Experiments.Sweeps;

/// <summary>A sweep folder, or a run folder in it, holds something other than this sweep's run; nothing
/// was changed.</summary>
public sealed class SweepConflictException(string path, string message) : Exception($"{path} {message}")
{
    public string Path { get; } = path;
}
