namespace FedHybrid.Experiments;

/// <summary>A run was cancelled (SIGINT, SIGTERM) after its clients were stopped. The checkpoint on
/// disk is the last completed round's, <see cref="CheckpointedRound"/> (null: no round completed).</summary>
public sealed class SimulationCancelledException : OperationCanceledException
{
    public SimulationCancelledException(string root, int? checkpointedRound, CancellationToken token)
        : base(checkpointedRound is { } round ? $"cancelled after round {round}, checkpointed in {root}" : $"cancelled before any round completed ({root})", token)
    {
        Root = root;
        CheckpointedRound = checkpointedRound;
    }

    public string Root { get; }

    public int? CheckpointedRound { get; }
}
