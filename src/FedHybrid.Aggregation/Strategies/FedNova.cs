using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// FedNova (Wang et al., NeurIPS 2020): normalized averaging. Client i ran tau_i local steps (its
/// reply's local_steps) of SGD with momentum rho (the run's momentum), so its delta is a sum of
/// gradients weighted by a vector a_i with ||a_i||_1 = (tau_i - rho * (1 - rho^tau_i) / (1 - rho)) / (1 - rho)
/// (the paper's appendix; tau_i for plain SGD). With p_i = n_i / n, the server moves
/// x = x + tau_eff * sum_i p_i * delta_i / ||a_i||_1, where tau_eff = sum_i p_i * ||a_i||_1, so a client
/// that took more steps no longer pulls the model further. Same as FedAvg when every tau_i is equal.
/// The sum is in double in client-id order. Keeps no state.
/// </summary>
public sealed class FedNova(FedNovaOptions options, FitSettings settings) : FitStrategy(options, settings)
{
    public override string Name => "fednova";

    private protected override string? FoldRefusal => "each update's weight n_i / ||a_i||_1 is a real number, which an exact integer-weighted sum cannot take without rounding each update first";

    /// <summary>||a_i||_1 for <paramref name="steps"/> local steps of SGD with momentum <paramref name="momentum"/>.</summary>
    public static double Normalizer(long steps, double momentum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(momentum is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "must be in [0, 1)");
        return (steps - momentum * (1 - Math.Pow(momentum, steps)) / (1 - momentum)) / (1 - momentum);
    }

    protected override ServerStep ServerUpdate(RoundContext round, IReadOnlyList<FitReply> accepted)
    {
        double total = accepted.Sum(r => (double)r.SampleCount);
        var share = accepted.Select(r => r.SampleCount / total).ToArray();
        var norm = accepted.Select(r => Normalizer(r.LocalSteps, Settings.Momentum)).ToArray();
        double tauEffective = 0;
        for (int i = 0; i < accepted.Count; i++)
            tauEffective += share[i] * norm[i];
        var coefficients = new double[accepted.Count];
        for (int i = 0; i < accepted.Count; i++)
            coefficients[i] = tauEffective * share[i] / norm[i];
        var step = VectorMath.WeightedSum(accepted.Select(r => r.Delta).ToArray(), coefficients);
        var next = new float[step.Length];
        for (int j = 0; j < next.Length; j++)
            next[j] = (float)(round.Global[j] + step[j]);
        return new ServerStep(next, StrategyState.Empty);
    }
}
