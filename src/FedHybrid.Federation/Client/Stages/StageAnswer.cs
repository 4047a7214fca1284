using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>A handler's reply before it is sealed: metrics and payload, and what to keep once the
/// coordinator has accepted it (state that must move only with an accepted reply, like SCAFFOLD's c_i).</summary>
public sealed record StageAnswer(StageConfig Metrics, StagePayload Payload)
{
    public Action? OnAccepted { get; init; }
}
