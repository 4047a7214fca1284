namespace FedHybrid.Aggregation.Stages;

/// <summary>The end of a stage: the accepted replies and the failures, each sorted by client id
/// (ordinal), so a strategy sees the same input whatever order the clients answered in.</summary>
public sealed record StageResults(string Stage, IReadOnlyList<StageReply> Replies, IReadOnlyList<StageFailure> Failures);
