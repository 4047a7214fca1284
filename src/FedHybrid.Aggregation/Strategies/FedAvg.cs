using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Federated averaging (McMahan et al., AISTATS 2017): move the global model by the deltas' average
/// weighted by sample count, x = x + eta * sum_i (n_i / n) delta_i. Each accepted delta is folded into
/// an exact running sum of n_i * delta_i as it arrives (<see cref="MeanDeltaStrategy"/>), rounded once to
/// double and divided by n, so no arrival order changes a bit; at eta = 1 the multiply is skipped. Keeps
/// no state.
/// </summary>
public sealed class FedAvg : MeanDeltaStrategy
{
    readonly FedAvgOptions _options;

    public FedAvg(FedAvgOptions options, FitSettings settings) : base(options, settings) => _options = options;

    public override string Name => "fedavg";

    protected internal override ServerStep MeanDeltaStep(RoundContext round, float[] meanDelta)
    {
        var mean = (float[])meanDelta.Clone();
        double eta = _options.ServerLearningRate;
        if (eta != 1.0)
            for (int j = 0; j < mean.Length; j++)
                mean[j] = (float)(mean[j] * eta);
        return new ServerStep(VectorMath.Add(round.Global, mean), StrategyState.Empty);
    }
}
