using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// FedProx (Li et al., MLSys 2020): the server aggregates as FedAvg does; what differs is the
/// instruction, which tells each client to add the proximal term mu/2 * ||w - w_global||^2 to its
/// local loss (<see cref="FitProtocol.ProximalMu"/>). Keeps no state.
/// </summary>
public sealed class FedProx : MeanDeltaStrategy
{
    readonly FedProxOptions _options;

    public FedProx(FedProxOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "fedprox";

    protected override StageConfig FitConfig(RoundContext round) =>
        base.FitConfig(round).With(FitProtocol.ProximalMu, _options.ProximalMu);

    protected internal override ServerStep MeanDeltaStep(RoundContext round, float[] meanDelta) =>
        new(VectorMath.Add(round.Global, meanDelta), StrategyState.Empty);
}
