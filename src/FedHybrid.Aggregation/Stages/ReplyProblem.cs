namespace FedHybrid.Aggregation.Stages;

/// <summary>Why a strategy will not use an authenticated reply: <paramref name="Reason"/> is a rejection
/// name for metrics (wrong-size, malformed, out-of-range ...) and <paramref name="Detail"/> says exactly
/// what. The engine rejects the reply as it arrives, counts it and tells the client.</summary>
public sealed record ReplyProblem(string Reason, string Detail);
