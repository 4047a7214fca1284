namespace FedHybrid.Aggregation.Stages;

/// <summary>
/// One stage of a round, as the strategy asks for it: its name (fit, evaluate, advertise-keys, ...),
/// the payload every instructed client gets (sealed once, with the data key wrapped for each of them:
/// the global model in a fit stage), and each client's own instruction. The engine publishes it,
/// collects one sealed reply per instructed client until all are in or the deadline passes, and hands
/// the replies and failures back to the strategy.
/// </summary>
public sealed record StagePlan(string Stage, StagePayload Shared, IReadOnlyList<ClientInstruction> Instructions)
{
    /// <summary>How long clients have to reply; null: the run's round deadline.</summary>
    public TimeSpan? Deadline { get; init; }

    public IEnumerable<string> Clients => Instructions.Select(i => i.ClientId);
}
