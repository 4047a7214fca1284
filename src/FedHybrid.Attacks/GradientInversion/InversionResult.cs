namespace FedHybrid.Attacks.GradientInversion;

/// <summary>A reconstructed batch: <paramref name="Pixels"/> as model inputs (standardized, [B, 1, rows, cols]
/// row-major), the labels the attack used, the last value of its objective, how many times it evaluated the
/// objective, and the time taken.</summary>
public sealed record InversionResult(float[] Pixels, int[] Labels, double FinalObjective, int Evaluations, double Seconds);
