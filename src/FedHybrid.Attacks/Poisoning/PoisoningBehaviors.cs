using System.Globalization;
using FedHybrid.Experiments.Config;
using FedHybrid.Federation.Client.Behaviors;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>What each poisoning behaviour is after.</summary>
public enum PoisoningGoal { Untargeted, Backdoor, FlippedLabels }

/// <summary>The poisoning grid's behaviour names: resolved against the coordinator's norm bound and checked before any run.</summary>
public static class PoisoningBehaviors
{
    public const string NormBoundedBackdoor = "backdoor-norm";

    /// <summary>The behaviour as a client takes it: a bare <c>backdoor-norm</c> aims at the coordinator's norm bound.</summary>
    /// <exception cref="ConfigException">No behaviour has this name, or its parameter is wrong.</exception>
    public static string Resolve(string behavior, double normBound)
    {
        var resolved = behavior == NormBoundedBackdoor ? $"{NormBoundedBackdoor}:{normBound.ToString("R", CultureInfo.InvariantCulture)}" : behavior;
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
        "backdoor" or NormBoundedBackdoor => PoisoningGoal.Backdoor,
        "label-flip" => PoisoningGoal.FlippedLabels,
        _ => PoisoningGoal.Untargeted,
    };
}
