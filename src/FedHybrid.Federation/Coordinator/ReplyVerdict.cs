using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Coordinator;

/// <summary>The outcome of checking one stage reply: accepted with its content, or rejected with a
/// reason name (an <see cref="UpdateRejection"/> name, or the strategy's own) and what exactly was wrong.</summary>
public sealed record ReplyVerdict(bool Accepted, string? Reason, string Detail, StageReply? Reply)
{
    public static ReplyVerdict Accept(StageReply reply) => new(true, null, "", reply);

    public static ReplyVerdict Reject(UpdateRejection reason, string detail) => new(false, reason.ToName(), detail, null);

    public static ReplyVerdict Reject(ReplyProblem problem) => new(false, problem.Reason, problem.Detail, null);

    /// <summary>Refusals that do not use up the client's reply (a second upload racing the first, a client
    /// not instructed in the stage) and do not get a clients.csv row of their own.</summary>
    public bool IsBystander => Reason == UpdateRejection.Duplicate.ToName() || Reason == UpdateRejection.NotSelected.ToName();
}
