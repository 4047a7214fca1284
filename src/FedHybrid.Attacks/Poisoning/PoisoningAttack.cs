using System.Globalization;
using FedHybrid.Attacks.Registry;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>`fedhybrid attack poisoning`: <see cref="PoisoningExperiment"/> over the config, one table row per run.</summary>
public sealed class PoisoningAttack : Attack<PoisoningOptions>
{
    public override string Name => "poisoning";

    public override string Description =>
        "Malicious clients (scaled updates, sign flipping, label flipping, a pixel-pattern backdoor with model replacement, a norm-bounded backdoor) "
        + "against FedAvg and each robust aggregator, norm bounding and weak DP, for each attacker count: clean accuracy, its drop against the clean run, "
        + "and the targeted attacks' success rate.";

    protected override async Task<AttackOutcome> RunAsync(AttackContext context, PoisoningOptions options, CancellationToken cancellationToken)
    {
        var experiment = new PoisoningExperiment(context.Config, options);
        context.Log($"poisoning: {experiment.RunCount} runs of {context.Config.Run.Clients} clients, {context.Config.Run.Rounds} rounds each");
        var results = await experiment.RunAsync(context.RunsDirectory, context.Simulation.DataDirectory, context.Log, cancellationToken).ConfigureAwait(false);
        var rows = results.Select(r => (IReadOnlyList<string>)
        [
            r.Defence, r.Behavior, r.Attackers.ToString(CultureInfo.InvariantCulture), Percent(r.CleanAccuracy),
            r.Attackers == 0 ? "" : (r.AccuracyDrop * 100).ToString("0.00", CultureInfo.InvariantCulture),
            r.TargetedSuccess is { } s ? Percent(s) : r.Attackers == 0 ? "" : "untargeted",
            Percent(r.BackdoorRate), r.UpdatesRejected.ToString(CultureInfo.InvariantCulture),
        ]).ToArray();
        var table = new AttackTable(["defence", "behaviour", "attackers", "clean accuracy", "drop (points)", "attack success", "backdoor rate", "rejected"], rows);
        var worst = results.Where(r => r.TargetedSuccess is not null).MaxBy(r => r.TargetedSuccess);
        var headline = $"poisoning: {results.Count} runs"
            + (worst is null ? "" : $"; the most successful targeted attack: {worst.Attackers} x {worst.Behavior} against {worst.Defence}, {worst.TargetedSuccess:P1} success at {worst.CleanAccuracy:P1} clean accuracy");
        return new AttackOutcome(new { Runs = results, options.NormBound }, table, [], headline);
    }

    static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
