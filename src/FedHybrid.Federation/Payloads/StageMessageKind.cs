namespace FedHybrid.Federation.Payloads;

/// <summary>Which of a stage's sealed parts a <see cref="StageMessage"/> is. The kind is inside the
/// authenticated plaintext, so one part can never be passed off as another.</summary>
public enum StageMessageKind : byte
{
    /// <summary>The part every instructed client gets (the global model in a fit stage).</summary>
    Shared = 1,
    /// <summary>One client's own instruction: its config and payload.</summary>
    Instruction = 2,
    /// <summary>A client's reply to the coordinator.</summary>
    Reply = 3,
    /// <summary>A strategy's state in a checkpoint (scalars as config, vectors as payload).</summary>
    State = 4,
}
