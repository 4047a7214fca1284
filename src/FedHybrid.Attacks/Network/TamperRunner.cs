using System.Diagnostics;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Network;

/// <summary>
/// The active network attacker (issue 15, item 2): runs the config through the proxy with a tamper plan
/// (by default <see cref="TamperPlan.Covering"/> the config's clients and rounds), then runs it again beside it
/// with exactly the replies the coordinator refused (tampered or not) withheld (<see cref="TamperKind.Withhold"/>: metadata and no
/// envelope byte, refused before anything is opened), and compares the two final models byte for byte. Equal
/// models mean the tampering had no effect beyond the contributions it cost.
/// </summary>
public sealed class TamperRunner(ExperimentConfig config, SimulationOptions options, TamperPlan? plan = null)
{
    public TamperPlan Plan { get; } = plan ?? TamperPlan.Covering(config.Run.ClientIds(), config.Run.Rounds);

    public async Task<TamperReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var attacked = await ProxiedSimulation.RunAsync(config, options, Plan, cancellationToken).ConfigureAwait(false);
        // Every reply the coordinator refused, tampered or not: a tampering that got an honest reply refused would show here.
        var refused = attacked.Capture.Verdicts.Where(v => !v.Accepted).ToArray();
        var withheld = new TamperPlan(refused.Select(v => new TamperAction(TamperKind.Withhold, v.ClientId, v.Round, v.Stage)).ToArray());
        var reference = await ProxiedSimulation.RunAsync(config, ProxiedSimulation.Beside(options, config, "without-rejected"), withheld, cancellationToken).ConfigureAwait(false);
        return new TamperReport(Plan, attacked.Outcomes, refused, attacked.Summary, reference.Summary,
            attacked.Summary.FinalModelSha256 == reference.Summary.FinalModelSha256, clock.Elapsed.TotalSeconds);
    }
}
