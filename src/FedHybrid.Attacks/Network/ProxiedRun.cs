using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Attacks.Network;

/// <summary>A simulation that ran through the proxy: the coordinator's summary and rounds (metrics.csv's rows),
/// what the proxy captured, what its tamper plan did, and the run folder.</summary>
public sealed record ProxiedRun(RunSummary Summary, IReadOnlyList<RoundMetrics> Rounds, WireCapture Capture, IReadOnlyList<TamperOutcome> Outcomes, string RunDirectory);
