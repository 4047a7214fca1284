using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments;

/// <summary>What an <see cref="InProcessSimulation"/> run gives back: its summary and tables, and the final global model
/// itself (for measurements beyond the run's own test accuracy, such as a backdoor's success rate).</summary>
public sealed record InProcessRunResult(RunSummary Summary, IReadOnlyList<RoundMetrics> Rounds, IReadOnlyList<ClientRoundRecord> Clients, float[] FinalWeights);
