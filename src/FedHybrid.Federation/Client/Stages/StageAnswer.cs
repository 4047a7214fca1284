using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>A handler's reply before it is sealed: metrics and payload.</summary>
public sealed record StageAnswer(StageConfig Metrics, StagePayload Payload);
