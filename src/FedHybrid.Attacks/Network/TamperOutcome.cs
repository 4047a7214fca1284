namespace FedHybrid.Attacks.Network;

/// <summary>What one tampering did and how the coordinator answered. <paramref name="Applied"/> is false when
/// the action could not be carried out (no earlier or other reply to replay) and the reply went through unchanged;
/// <paramref name="Reason"/> is the coordinator's rejection reason (empty when accepted), or the gRPC status
/// when the call failed.</summary>
public sealed record TamperOutcome(TamperAction Action, bool Applied, string Description, bool Accepted, string Reason, string Detail)
{
    /// <summary>An altered update that the coordinator accepted: a finding.</summary>
    public bool Undetected => Applied && TamperPlan.AltersUpdate(Action.Kind) && Accepted;
}
