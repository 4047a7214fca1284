using FedHybrid.Attacks.Registry;
using FedHybrid.Experiments;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>
/// Malicious clients against each aggregation defence: for every defence, a clean run, then one run per behaviour and
/// attacker count in which the first k clients misbehave, all with the config's seed so that runs differ only by the
/// defence and the attackers. Each run is a whole <see cref="InProcessSimulation"/> (real training, sealed and signed
/// updates); its final model is measured on the clean test set and on the attacker's goal (<see cref="AttackSuccess"/>).
/// </summary>
public sealed class PoisoningExperiment
{
    readonly ExperimentConfig _config;
    readonly PoisoningOptions _options;

    /// <exception cref="ConfigException">A behaviour, defence or attacker count does not fit the config.</exception>
    public PoisoningExperiment(ExperimentConfig config, PoisoningOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        (_config, _options) = (config, options);
        // A repeated entry would run the same cell twice into the same folder.
        Distinct("behaviors", options.Behaviors);
        Distinct("attackers", options.Attackers);
        Distinct("defences", options.Defences);
        foreach (var behavior in options.Behaviors)
            PoisoningBehaviors.Resolve(behavior, options.NormBound, config.Run.Clients, 1);
        foreach (var defence in options.Defences)
            PoisoningDefence.Apply(config, defence, options);
        if (options.Attackers.Where(k => k < 1 || k >= config.Run.Clients).Select(k => (int?)k).FirstOrDefault() is { } bad)
            throw new ConfigException("attack.options.attackers", $"{bad} attackers: give between 1 and {config.Run.Clients - 1} (run.clients is {config.Run.Clients}; some must be honest)");
    }

    static void Distinct<T>(string option, T[] values)
    {
        if (values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new ConfigException($"attack.options.{option}", $"lists {repeated.Key} twice");
    }

    /// <summary>How many simulations <see cref="RunAsync"/> runs.</summary>
    public int RunCount => _options.Defences.Length * (1 + _options.Behaviors.Length * _options.Attackers.Length);

    public async Task<IReadOnlyList<PoisoningResult>> RunAsync(string runsDirectory, string? dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var data = await AttackData.LoadAsync(_config, dataDirectory, cancellationToken).ConfigureAwait(false);
        using var success = new AttackSuccess(_config.Model.Name, data.Test);
        var ids = _config.Run.ClientIds();
        var results = new List<PoisoningResult>();
        int done = 0;
        foreach (var defence in _options.Defences)
        {
            var defended = PoisoningDefence.Apply(_config, defence, _options);
            double? clean = null;
            foreach (var (behavior, attackers) in Cells())
            {
                string name = attackers == 0 ? $"{defence}-clean" : $"{defence}-{behavior.Replace(':', '_')}-{attackers}";
                var config = defended with
                {
                    Run = defended.Run with { Name = name },
                    Attack = defended.Attack with { Behaviors = ids.Take(attackers).ToDictionary(id => id, _ => behavior, StringComparer.Ordinal) },
                };
                log($"poisoning {++done}/{RunCount}: {defence}, {(attackers == 0 ? "no attacker" : $"{attackers} x {behavior}")}");
                var run = await InProcessSimulation.RunAsync(config, Path.Combine(runsDirectory, name), null, _ => { }, cancellationToken).ConfigureAwait(false);
                double accuracy = run.Summary.FinalTestAccuracy;
                clean ??= accuracy;
                double backdoor = success.BackdoorRate(run.FinalWeights), flipped = success.FlippedLabelRate(run.FinalWeights);
                double? targeted = attackers == 0 ? null : PoisoningBehaviors.Goal(behavior) switch
                {
                    PoisoningGoal.Backdoor => backdoor,
                    PoisoningGoal.FlippedLabels => flipped,
                    _ => null,
                };
                var result = new PoisoningResult(defence, attackers == 0 ? "none" : behavior, attackers, accuracy, clean.Value - accuracy,
                    targeted, backdoor, flipped, run.Summary.UpdatesRejected, run.Summary.WallSeconds);
                log($"  clean accuracy {accuracy:P2}, drop {result.AccuracyDrop * 100:0.00} points"
                    + (result.TargetedSuccess is { } s ? $", attack success {s:P2}" : ""));
                results.Add(result);
            }
        }
        return results;
    }

    // The clean run first: every other cell of the defence is measured against it.
    IEnumerable<(string Behavior, int Attackers)> Cells() =>
        new[] { ("none", 0) }.Concat(_options.Behaviors.SelectMany(b => _options.Attackers.Select(k =>
            (PoisoningBehaviors.Resolve(b, _options.NormBound, _config.Run.Clients, k), k))));
}
