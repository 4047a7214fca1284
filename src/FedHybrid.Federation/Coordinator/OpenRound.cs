using FedHybrid.Aggregation;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The mutable state of the round being collected. Guarded by the engine's lock.</summary>
sealed class OpenRound
{
    public OpenRound(int round, IReadOnlyList<string> selected, DateTimeOffset deadline, string modelId, long modelBytes)
    {
        Round = round;
        Selected = new HashSet<string>(selected, StringComparer.Ordinal);
        Deadline = deadline;
        ModelId = modelId;
        ModelBytes = modelBytes;
    }

    public int Round { get; }
    public HashSet<string> Selected { get; }
    public DateTimeOffset Deadline { get; }
    public string ModelId { get; }
    public long ModelBytes { get; }
    public bool Closed { get; set; }
    public Dictionary<string, FitResult> Accepted { get; } = new(StringComparer.Ordinal);
    /// <summary>Clients whose update arrived (checked or being checked).</summary>
    public HashSet<string> Submitted { get; } = new(StringComparer.Ordinal);
    /// <summary>Clients whose update has been checked and recorded.</summary>
    public HashSet<string> Checked { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ClientRoundRecord> Records { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> BytesDown { get; } = new(StringComparer.Ordinal);
    public List<UpdateRejection> Rejections { get; } = [];
    public TaskCompletionSource AllIn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
