using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Security;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>
/// Everything a handler gets for one stage: the task, its opened and checked instruction (config and
/// own payload) and shared payload, the client's trainer and behaviour, its training slot, its
/// crypto for payloads to and from peers (relayed by the coordinator, which cannot read them), and
/// its state directory.
/// </summary>
public sealed record StageWork(
    StageTaskInfo Task,
    StageConfig Config,
    StagePayload Shared,
    StagePayload Own,
    ILocalTrainer Trainer,
    ClientBehavior Behavior,
    IClientCrypto Crypto,
    Func<CancellationToken, Task<TrainingSlotLease>> AcquireTrainingSlotAsync,
    StageTimings Timings,
    string? StateDirectory,
    Action<string> Log);
