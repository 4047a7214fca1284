namespace FedHybrid.Learning.Training;

/// <summary>
/// How a client trains locally: SGD (learning rate, momentum, L2 weight decay) for
/// <paramref name="Epochs"/> passes over its shard in shuffled batches of <paramref name="BatchSize"/>.
/// <paramref name="ProximalMu"/> &gt; 0 adds FedProx's term mu/2 * ||w - w_global||^2 to the loss.
/// <paramref name="Seed"/> fixes the shuffling, so the same start and options give bit-identical weights.
/// <paramref name="GradientCorrection"/>, when given (SCAFFOLD's c - c_i, one value per parameter in the model's
/// layout), moves the weights by -lr x correction at every step, outside the momentum buffer; null trains exactly as
/// without it.
/// </summary>
public sealed record TrainingOptions(
    int Epochs,
    int BatchSize,
    double LearningRate,
    double Momentum = 0,
    double WeightDecay = 0,
    double ProximalMu = 0,
    int Seed = 0,
    float[]? GradientCorrection = null)
{
    /// <summary>Throws naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be a positive finite number");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "must be in [0, 1)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be a non-negative finite number");
        if (!(ProximalMu >= 0) || double.IsInfinity(ProximalMu))
            throw new ArgumentOutOfRangeException(nameof(ProximalMu), ProximalMu, "must be a non-negative finite number");
        if (GradientCorrection is not null && !Array.TrueForAll(GradientCorrection, float.IsFinite))
            throw new ArgumentOutOfRangeException(nameof(GradientCorrection), "must hold finite values only");
    }
}
