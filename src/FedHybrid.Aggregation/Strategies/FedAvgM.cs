using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// FedAvg with server momentum (Hsu, Qi and Brown 2019): with Delta the sample-weighted mean delta,
/// v = beta * v + Delta and x = x + eta * v, starting from v = 0. Each element is computed in double
/// from the stored float values and rounded to float once. State: the momentum vector v.
/// </summary>
public sealed class FedAvgM : MeanDeltaStrategy
{
    public const string MomentumState = "momentum";

    readonly FedAvgMOptions _options;
    float[]? _momentum;

    public FedAvgM(FedAvgMOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "fedavgm";

    protected internal override ServerStep MeanDeltaStep(RoundContext round, float[] delta)
    {
        var previous = StateVector.OrZeros(_momentum, delta.Length, Name, MomentumState);
        double beta = _options.ServerMomentum, eta = _options.ServerLearningRate;
        var momentum = new float[delta.Length];
        var next = new float[delta.Length];
        for (int j = 0; j < delta.Length; j++)
        {
            momentum[j] = (float)(beta * previous[j] + delta[j]);
            next[j] = (float)(round.Global[j] + eta * momentum[j]);
        }
        return new ServerStep(next, StateVector.Of((MomentumState, momentum)));
    }

    protected override StrategyState SaveStepState() => _momentum is null ? StrategyState.Empty : StateVector.Of((MomentumState, _momentum));

    protected override void RestoreStepState(StrategyState state) =>
        _momentum = StateVector.Read(state, Name, [MomentumState]).GetValueOrDefault(MomentumState);
}
