using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Attacks.Network;

/// <summary>The eavesdropping attack's outcome: the scores (<see cref="EavesdropResult"/>), where the true updates
/// came from, the attacked run's and (for an encrypting suite) the plaintext reference run's summaries, the
/// traffic the proxy saw, each recovered update (to score again or reuse as truth) and the wall time of all of it.</summary>
public sealed record EavesdropReport(
    EavesdropResult Result,
    string TruthSource,
    RunSummary Attacked,
    RunSummary? Reference,
    IReadOnlyList<WireTraffic> Traffic,
    IReadOnlyList<RecoveredUpdate> Recovered,
    double WallSeconds);
