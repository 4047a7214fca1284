using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// Federated averaging (McMahan et al., AISTATS 2017): move the global model by the deltas' average
/// weighted by sample count, x = x + eta * sum_i (n_i / n) delta_i. Deltas are combined in client-id
/// order in double, and at eta = 1 the multiply is skipped, so the arithmetic is the same to the bit as
/// before the stage API. Keeps no state.
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
