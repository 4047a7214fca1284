namespace FedHybrid.Experiments;

/// <summary>A resumed run's checkpoint was refused (tampered, another run's, another model's) before
/// anything started.</summary>
public sealed class CheckpointRejectedException : Exception
{
    public CheckpointRejectedException(string path, string reason)
        : base($"cannot resume from {path}: {reason}")
    {
        Path = path;
    }

    public string Path { get; }
}
