using System.Globalization;
using FedHybrid.Attacks.Registry;

namespace FedHybrid.Attacks.Network;

/// <summary>`fedhybrid attack tamper`: <see cref="TamperRunner"/> with every tamper kind the config's clients and rounds
/// have room for, and the reference run without the refused contributions.</summary>
public sealed class TamperAttack : Attack<TamperOptions>
{
    public override string Name => "tamper";

    public override string Description =>
        "An active attacker on the wire alters fit replies of a real run (bit flips in header, stanza, body and signature; truncation; chunk reorder and drop; "
        + "replays across rounds and clients; header swaps; forged metadata; delay): each must be refused and counted, and the final model must equal, byte for byte, "
        + "that of the same run with exactly the refused replies withheld.";

    protected override async Task<AttackOutcome> RunAsync(AttackContext context, TamperOptions options, CancellationToken cancellationToken)
    {
        var config = context.Config;
        // Under secure aggregation the update travels in the masked-fit stage, and a refused reply is a dropout the
        // round must survive: tamper with at most the dropouts the config's graph is built for.
        bool masked = config.SecureAggregation.Enabled;
        int? perRound = masked ? Math.Max(1, (int)Math.Floor(config.Run.Clients * config.SecureAggregation.DropoutFraction)) : null;
        var plan = TamperPlan.Covering(config.Run.ClientIds(), config.Run.Rounds, stage: masked ? Aggregation.SecureAggregation.Protocol.SecAggProtocol.MaskedFitStage : "fit",
            perRound: perRound) with
        {
            Delay = TimeSpan.FromSeconds(options.DelaySeconds),
            WaitForOtherReply = TimeSpan.FromSeconds(options.WaitForOtherReplySeconds),
        };
        var unplanned = Enum.GetValues<TamperKind>().Where(k => k != TamperKind.Withhold).Except(plan.Actions.Select(a => a.Kind)).ToArray();
        context.Log($"tamper: {plan.Actions.Count} tamperings over {config.Run.Clients} clients and {config.Run.Rounds} rounds"
            + (masked ? $" (masked-fit replies, at most {perRound} a round: secure aggregation's dropout budget)" : "")
            + (unplanned.Length > 0 ? $"; no room for {string.Join(", ", unplanned)} (give more clients or rounds)" : "") + ", then the run without the refused replies");
        var report = await new TamperRunner(config, context.SimulationInFolder, plan).RunAsync(cancellationToken).ConfigureAwait(false);
        var altering = report.Outcomes.Where(o => o.Applied && TamperPlan.AltersUpdate(o.Action.Kind)).ToArray();
        var refusedAltering = altering.Count(o => !o.Accepted);
        var metrics = new
        {
            Tamperings = plan.Actions.Count,
            Applied = report.Outcomes.Count(o => o.Applied),
            AlteringApplied = altering.Length,
            AlteringRefused = refusedAltering,
            Undetected = report.Undetected.Count,
            RepliesRefused = report.Refused.Count,
            RefusedNotCounted = report.Uncounted,
            report.ModelsEqual,
            NotExercised = report.NotExercised,
            NotPlanned = unplanned,
            Outcomes = report.Outcomes.Select(o => new { o.Action.Kind, o.Action.ClientId, o.Action.Round, o.Action.Stage, o.Applied, o.Accepted, o.Reason, o.Description, o.Detail }).ToArray(),
            Refused = report.Refused,
            AttackedRun = report.Attacked,
            ReferenceRun = report.Reference,
            RunsSeconds = report.WallSeconds,
        };
        var rows = report.Outcomes.Select(o => (IReadOnlyList<string>)
        [
            o.Action.Kind.ToString(), o.Action.ClientId, o.Action.Round.ToString(CultureInfo.InvariantCulture), o.Applied ? "yes" : "no",
            o.Accepted ? (TamperPlan.AltersUpdate(o.Action.Kind) && o.Applied ? "ACCEPTED (undetected)" : "accepted") : "refused", o.Reason,
        ]).ToList();
        rows.Add(["final model equals the run without the refused replies", "", "", "", report.ModelsEqual ? "yes" : "NO", $"{report.Attacked.FinalModelSha256[..Math.Min(16, report.Attacked.FinalModelSha256.Length)]}…"]);
        var table = new AttackTable(["tampering", "client", "round", "applied", "coordinator", "reason"], rows);
        var headline = $"tamper: {refusedAltering} of {altering.Length} altered updates refused ({report.Undetected.Count} undetected), {report.Refused.Count} replies refused, "
            + $"{report.Uncounted} refusals uncounted in summary.json; final model {(report.ModelsEqual ? "equals" : "DIFFERS from")} the run without the refused replies";
        return new AttackOutcome(metrics, table, [], headline);
    }
}
