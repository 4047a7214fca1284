namespace FedHybrid.Aggregation.Stages;

/// <summary>A client's authenticated reply to a stage: its metrics map (sample count, loss, local
/// steps ...) and its payload (a delta, a masked vector, envelopes for its peers).</summary>
public sealed record StageReply(string ClientId, StageConfig Metrics, StagePayload Payload);
