using FedHybrid.Federation.Coordinator;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// The active attack's outcome: the plan, what each action did and how the coordinator answered, the attacked
/// run and the reference run (the same config with exactly the contributions the coordinator rejected withheld),
/// and whether their final models are the same bytes. <see cref="Undetected"/> lists altered updates the
/// coordinator accepted (findings); <see cref="Refused"/> every reply the coordinator refused (what the reference run
/// withholds); <see cref="Uncounted"/> is how many of those the run's summary does not count (0 when every
/// rejection reached metrics.csv).
/// </summary>
public sealed record TamperReport(
    TamperPlan Plan,
    IReadOnlyList<TamperOutcome> Outcomes,
    IReadOnlyList<ForwardedVerdict> Refused,
    RunSummary Attacked,
    RunSummary Reference,
    bool ModelsEqual,
    double WallSeconds)
{
    public IReadOnlyList<TamperOutcome> Undetected => Outcomes.Where(o => o.Undetected).ToArray();

    public int Uncounted => Math.Max(0, Refused.Count - Attacked.UpdatesRejected);

    /// <summary>Kinds of the plan that met no reply or could not be applied.</summary>
    public IReadOnlyList<TamperKind> NotExercised =>
        Plan.Actions.Select(a => a.Kind).Except(Outcomes.Where(o => o.Applied).Select(o => o.Action.Kind)).ToArray();
}
