using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.MembershipInference;

/// <summary>How a target or shadow model is trained: <paramref name="Clients"/> clients with iid shards of the
/// training set, <paramref name="Rounds"/> rounds of FedAvg (every client every round) of local SGD as
/// <paramref name="Local"/> says. <paramref name="Privacy"/>, when given, replaces FedAvg's sample-weighted mean
/// by central DP-FedAvg's clipped, noised sum over the fixed cohort (McMahan et al. 2018).</summary>
public sealed record FederatedTrainingPlan(string ModelName, int Clients, int Rounds, TrainingOptions Local, FederatedPrivacy? Privacy = null)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1);
        ArgumentNullException.ThrowIfNull(Local);
        Local.Validate();
    }
}
