namespace FedHybrid.Attacks.Poisoning;

/// <summary>One cell of the poisoning grid: a defence, a behaviour and how many clients have it (0: the clean run the
/// others are measured against).</summary>
/// <param name="CleanAccuracy">The final model's accuracy on the untouched test set.</param>
/// <param name="AccuracyDrop">The clean run's accuracy (same defence) minus this one's, in points of accuracy (0..1).</param>
/// <param name="TargetedSuccess">For a targeted behaviour, the fraction of test images the attacker's goal holds for: the
/// stamped non-target images classified as the backdoor's target, or the images classified as their flipped label;
/// null for untargeted behaviours, whose success is the accuracy drop.</param>
/// <param name="BackdoorRate">The stamped non-target test images classified as the target, whatever the behaviour:
/// the clean run's rate is what the model does with the trigger unprompted.</param>
/// <param name="FlippedLabelRate">The test images classified as their flipped label (classes - 1 - label), whatever the behaviour.</param>
public sealed record PoisoningResult(
    string Defence,
    string Behavior,
    int Attackers,
    double CleanAccuracy,
    double AccuracyDrop,
    double? TargetedSuccess,
    double BackdoorRate,
    double FlippedLabelRate,
    int UpdatesRejected,
    double WallSeconds);
