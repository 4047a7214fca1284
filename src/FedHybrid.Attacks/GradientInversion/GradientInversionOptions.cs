using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Attacks.GradientInversion;

/// <summary>The gradient-inversion attack's options (<c>attack.options</c>). The defaults (one image, one local step,
/// 30 L-BFGS steps of DLG) keep an mlp2nn attack within seconds on one core.</summary>
public sealed record GradientInversionOptions
{
    public const int MaxBatchSize = 64;

    /// <summary>The victim's batch sizes tried, each a separate attack (1..<see cref="MaxBatchSize"/>).</summary>
    [MinLength(1)]
    public int[] BatchSizes { get; init; } = [1];

    /// <summary>Local SGD steps the victim takes on its batch before it sends the update (full batch each step).</summary>
    [Range(1, 100)]
    public int LocalSteps { get; init; } = 1;

    /// <summary>Optimizer steps of the inversion (for DLG each L-BFGS step evaluates the objective up to 20 times).</summary>
    [Range(1, 100_000)]
    public int Iterations { get; init; } = 30;

    public InversionMethod Method { get; init; } = InversionMethod.Dlg;

    /// <summary>Draws the victim's (and the cohort's) images, the initial model and the dummy batch.</summary>
    public int Seed { get; init; }
}
