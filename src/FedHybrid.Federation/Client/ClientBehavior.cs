namespace FedHybrid.Federation.Client;

/// <summary>How a client behaves. Anything but <see cref="Honest"/> exists only to test and attack
/// the coordinator's defences (integration tests, `fedhybrid attack`).</summary>
public enum ClientBehavior
{
    Honest,
    /// <summary>Flips one byte in the middle of each sealed update before sending it.</summary>
    CorruptByte,
    /// <summary>From round 2 on, sends the previous round's sealed update again instead of a new one.</summary>
    ReplayPrevious,
    /// <summary>From round 2 on, kills its own process after downloading the model: a client lost mid-round.</summary>
    CrashMidRound,
}
