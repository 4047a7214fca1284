namespace FedHybrid.Aggregation.Stages;

/// <summary>What one client gets in a stage: its config map and an optional payload of its own,
/// sealed to it alone (beside the stage's shared payload, which every client of the stage gets).</summary>
public sealed record ClientInstruction(string ClientId, StageConfig Config, StagePayload? Payload = null);
