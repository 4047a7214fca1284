using FedHybrid.Attacks.Network;
using FedHybrid.Attacks.Poisoning;
using FedHybrid.Experiments.Config;

namespace FedHybrid.Attacks.Registry;

/// <summary>Every attack `fedhybrid attack` can run, by name. A new attack is one file (an <see cref="Attack{TOptions}"/>)
/// and one line here.</summary>
public static class AttackRegistry
{
    public static IReadOnlyList<IAttack> All { get; } =
    [
        new EavesdropAttack(),
        new TamperAttack(),
        new GradientInversion.GradientInversionAttack(),
        new MembershipInference.MembershipInferenceAttack(),
        new PoisoningAttack(),
    ];

    public static IReadOnlyList<string> Names => All.Select(a => a.Name).ToArray();

    /// <exception cref="ConfigException">No attack has that name; the message lists the valid ones.</exception>
    public static IAttack Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal))
        ?? throw new ConfigException("attack NAME", $"'{name}' is unknown (valid: {string.Join(", ", Names)})");
}
