namespace FedHybrid.Aggregation.Privacy;

/// <summary>One round of adaptive clipping.</summary>
/// <param name="NoisedSum">Sum of the updates clipped to <paramref name="ClipNorm"/>, with N(0, (σ_Δ·C)²) per coordinate.</param>
/// <param name="ClipNorm">The clip norm used this round.</param>
/// <param name="NoisedUnclippedFraction">b̃: the privatized fraction of updates within the clip norm.</param>
/// <param name="NextClipNorm">The clip norm for the next round.</param>
public sealed record AdaptiveClippingResult(float[] NoisedSum, double ClipNorm, double NoisedUnclippedFraction, double NextClipNorm);
