using System.ComponentModel.DataAnnotations;

namespace FedHybrid.Experiments.Config;

/// <summary>Test and attack only: clients that misbehave, and clients the coordinator never provisioned.</summary>
public sealed record AttackSection
{
    /// <summary>Client id -> behaviour: honest, corrupt-byte, replay-previous, crash-mid-round, and the poisoning ones
    /// scale:K, sign-flip, label-flip, backdoor[:GAMMA], backdoor-norm:BOUND (FedHybrid.Federation.Client.Behaviors).</summary>
    public IReadOnlyDictionary<string, string> Behaviors { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra client processes with keys the coordinator was not provisioned with.</summary>
    [Range(0, 100)]
    public int UnprovisionedClients { get; init; }

    /// <summary>`fedhybrid attack` only: the attack's own options (iterations, epsilons...), bound strictly into the
    /// options record of the attack named on the command line; null: its defaults. attack.json lists every one.</summary>
    public System.Text.Json.JsonElement? Options { get; init; }

    // Equal when the maps hold the same pairs: a config read back from its config.json equals the original.
    public bool Equals(AttackSection? other) =>
        other is not null && UnprovisionedClients == other.UnprovisionedClients
        && Behaviors.Count == other.Behaviors.Count
        && Behaviors.All(p => other.Behaviors.TryGetValue(p.Key, out var b) && b == p.Value)
        && (Options is { } mine ? other.Options is { } theirs && System.Text.Json.JsonElement.DeepEquals(mine, theirs) : other.Options is null);

    public override int GetHashCode() => HashCode.Combine(UnprovisionedClients, Behaviors.Count);
}
