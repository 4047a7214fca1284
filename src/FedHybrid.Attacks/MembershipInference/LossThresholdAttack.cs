namespace FedHybrid.Attacks.MembershipInference;

/// <summary>Yeom, Giacomelli, Fredrikson, Jha (CSF 2018): an example is called a member when the model's loss on
/// it is below a threshold. As a score (higher = member) that is minus the loss; sweeping the threshold gives
/// the ROC curve.</summary>
public static class LossThresholdAttack
{
    public static double[] Scores(ExampleOutputs target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Loss.Select(l => -l).ToArray();
    }
}
