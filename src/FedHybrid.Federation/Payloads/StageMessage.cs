using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Payloads;

/// <summary>
/// The plaintext of every sealed stage part: which run, round, stage and task it belongs to, the party
/// it is for (the recipient of an instruction, the sender of a reply, empty for the shared part), then
/// the config map and the payload. The receiver checks every field against what it expects, so a
/// part cannot be moved to another stage, task or client. Encoded by <see cref="StageMessageCodec"/>.
/// </summary>
public sealed record StageMessage(StageMessageKind Kind, string RunId, int Round, string Stage, string TaskId, string Party,
    StageConfig Config, StagePayload Payload);
