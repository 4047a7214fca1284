namespace FedHybrid.Attacks.GradientInversion;

/// <summary>The attack's knobs. <paramref name="Iterations"/> counts optimizer steps (for DLG each L-BFGS step
/// evaluates the loss up to <paramref name="LbfgsEvaluationsPerStep"/> times). <paramref name="LearningRate"/> is
/// Adam's step (Inverting Gradients; decayed by 10x at 3/8, 5/8 and 7/8 of the run, as Geiping et al. do) or
/// L-BFGS's (DLG). <paramref name="TotalVariationWeight"/> scales the prior of Inverting Gradients;
/// <paramref name="SignedGradients"/> steps with the sign of the input gradient (their choice for ImageNet).
/// <paramref name="Seed"/> draws the dummy batch.</summary>
public sealed record InversionOptions(
    InversionMethod Method,
    int Iterations,
    double LearningRate,
    double TotalVariationWeight = 1e-2,
    bool SignedGradients = false,
    int LbfgsEvaluationsPerStep = 20,
    int Seed = 0)
{
    /// <summary>DLG's defaults: L-BFGS at step 1.</summary>
    public static InversionOptions Dlg(int iterations, int seed = 0) => new(InversionMethod.Dlg, iterations, 1.0, Seed: seed);

    /// <summary>Inverting Gradients' defaults: Adam at 0.1, signed steps.</summary>
    public static InversionOptions InvertingGradients(int iterations, int seed = 0, double totalVariation = 1e-2) =>
        new(InversionMethod.InvertingGradients, iterations, 0.1, totalVariation, SignedGradients: true, Seed: seed);

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "must be at least 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be a positive finite number");
        if (!(TotalVariationWeight >= 0) || double.IsInfinity(TotalVariationWeight))
            throw new ArgumentOutOfRangeException(nameof(TotalVariationWeight), TotalVariationWeight, "must be a non-negative finite number");
        if (LbfgsEvaluationsPerStep < 1)
            throw new ArgumentOutOfRangeException(nameof(LbfgsEvaluationsPerStep), LbfgsEvaluationsPerStep, "must be at least 1");
    }
}
