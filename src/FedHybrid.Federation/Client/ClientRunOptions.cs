using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Federation.Client;

/// <summary>What `fedhybrid client` needs: the coordinator, this client's id and key directory (its
/// private keys and the coordinator's public keys), the suite, its data and shard.</summary>
public sealed record ClientRunOptions(Uri Coordinator, string ClientId, string KeysDirectory, string Suite)
{
    public RekeyPolicy Rekey { get; init; } = RekeyPolicy.Message;
    public string? DataDirectory { get; init; }
    /// <summary>A file of training-set indices (one a line); null trains on the whole training set.</summary>
    public string? PartitionFile { get; init; }
    /// <summary>A name from <see cref="Behaviors.ClientBehaviors"/>.</summary>
    public string Behavior { get; init; } = "honest";
    /// <summary>Where the client keeps state across rounds (sealed at rest); null: it keeps none.</summary>
    public string? StateDirectory { get; init; }
    /// <summary>Exit when this process (the simulation that started us) is gone.</summary>
    public int? ParentProcessId { get; init; }
    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; }
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(120);
}
