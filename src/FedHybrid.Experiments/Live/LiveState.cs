using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Experiments.Live;

/// <summary>What the live page shows, as its state.json: the experiment, the engine's last progress (the
/// round, its phase, clients joined, the open stage's replies) and every round recorded so far, which are
/// metrics.csv's rows themselves, not a second account of them.</summary>
public sealed record LiveState(
    string Run,
    string Model,
    string Strategy,
    string Suite,
    string Partition,
    int Clients,
    int Rounds,
    RunProgress? Now,
    IReadOnlyList<RoundMetrics> Completed)
{
    public static LiveState Of(ExperimentConfig config, StageEngine engine) => new(
        config.Run.Name, config.Model.Name, config.Strategy.Name, config.Crypto.Suite, config.Data.Partition,
        config.Run.Clients, config.Run.Rounds, engine.Latest, engine.Rounds);
}
