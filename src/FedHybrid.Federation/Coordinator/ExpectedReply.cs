namespace FedHybrid.Federation.Coordinator;

/// <summary>What the engine expects of a reply, from its own state (never from the message): the
/// round, stage and task it was instructed in.</summary>
public sealed record ExpectedReply(int Round, string Stage, string TaskId);
