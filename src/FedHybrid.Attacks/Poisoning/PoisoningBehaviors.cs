using System.Globalization;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Client.Behaviors;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>What each poisoning behaviour is after.</summary>
public enum PoisoningGoal { Untargeted, Backdoor, FlippedLabels }

/// <summary>The poisoning grid's behaviour names: resolved against the coordinator's norm bound and checked before any run.</summary>
public static class PoisoningBehaviors
{
    public const string Backdoor = "backdoor", NormBoundedBackdoor = "backdoor-norm";

    /// <summary>The behaviour as each of <paramref name="attackers"/> clients of <paramref name="clients"/> takes it. A bare
    /// <c>backdoor</c> is model replacement by the attackers together: each boosts by clients / attackers, so that their
    /// boosted deltas sum to one whole model step (Bagdasaryan et al.'s gamma = n / eta, at server rate 1, shared). A bare
    /// <c>backdoor-norm</c> aims at the coordinator's norm bound.</summary>
    /// <exception cref="ConfigException">No behaviour has this name, or its parameter is wrong.</exception>
    public static string Resolve(string behavior, double normBound, int clients, int attackers)
    {
        var resolved = behavior switch
        {
            NormBoundedBackdoor => $"{NormBoundedBackdoor}:{normBound.ToString("R", CultureInfo.InvariantCulture)}",
            Backdoor => $"{Backdoor}:{((double)clients / Math.Max(1, attackers)).ToString("0.###", CultureInfo.InvariantCulture)}",
            _ => behavior,
        };
        try
        {
            ClientBehaviors.Create(resolved);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException("attack.options.behaviors", e.Message);
        }
        return resolved;
    }

    public static PoisoningGoal Goal(string behavior) => behavior.Split(':')[0] switch
    {
        Backdoor or NormBoundedBackdoor => PoisoningGoal.Backdoor,
        "label-flip" => PoisoningGoal.FlippedLabels,
        _ => PoisoningGoal.Untargeted,
    };
}
