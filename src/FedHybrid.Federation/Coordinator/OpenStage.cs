using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The mutable state of the stage being collected. Guarded by the engine's lock.</summary>
sealed class OpenStage
{
    public OpenStage(int round, string stage, string taskId, IEnumerable<string> selected, DateTimeOffset deadline)
    {
        Round = round;
        Stage = stage;
        TaskId = taskId;
        Selected = new HashSet<string>(selected, StringComparer.Ordinal);
        Deadline = deadline;
    }

    public int Round { get; }
    public string Stage { get; }
    public string TaskId { get; }
    public HashSet<string> Selected { get; }
    public DateTimeOffset Deadline { get; }
    public bool Closed { get; set; }
    public Dictionary<string, StageReply> Accepted { get; } = new(StringComparer.Ordinal);
    /// <summary>Vector values in <see cref="Accepted"/>: what a strategy that folds left the engine to hold.</summary>
    public long HeldValues { get; set; }
    /// <summary>The reason each selected client's reply was refused (its one reply of the stage).</summary>
    public Dictionary<string, StageFailure> Refused { get; } = new(StringComparer.Ordinal);
    /// <summary>Clients whose reply arrived (checked or being checked).</summary>
    public HashSet<string> Submitted { get; } = new(StringComparer.Ordinal);
    /// <summary>Clients whose reply has been checked and recorded.</summary>
    public HashSet<string> Checked { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ClientRoundRecord> Records { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> BytesDown { get; } = new(StringComparer.Ordinal);
    /// <summary>Every refusal, bystanders included (a duplicate or unselected upload is still counted).</summary>
    public List<string> Rejections { get; } = [];
    public TaskCompletionSource AllIn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
