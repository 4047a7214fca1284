using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>
/// One attack `fedhybrid attack NAME` can run (<see cref="AttackRegistry"/> lists them). It binds its options from
/// the config's <c>attack.options</c> before anything runs, then runs on the config and returns what it measured;
/// <see cref="AttackRunner"/> owns the folder, attack.json, attack.md and the wall time. Implement
/// <see cref="Attack{TOptions}"/> rather than this.
/// </summary>
public interface IAttack
{
    /// <summary>The command-line name (lower case, dashes).</summary>
    string Name { get; }

    /// <summary>One sentence: what the attacker does and what is measured.</summary>
    string Description { get; }

    /// <summary>The options record for this config (its defaults overlaid with <c>attack.options</c>).</summary>
    /// <exception cref="ConfigException">An option is unknown, mistyped or out of range.</exception>
    object BindOptions(ExperimentConfig config);

    Task<AttackOutcome> RunAsync(AttackContext context, object options, CancellationToken cancellationToken);
}
