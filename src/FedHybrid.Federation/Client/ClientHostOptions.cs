using FedHybrid.Crypto.Envelopes;

namespace FedHybrid.Federation.Client;

/// <summary>What `fedhybrid client-host` needs: the coordinator, the virtual clients it runs (each with its own keys,
/// shard and state), the suite, the data set they share and the number of training workers.</summary>
public sealed record ClientHostOptions(Uri Coordinator, IReadOnlyList<VirtualClient> Clients, string Suite)
{
    public RekeyPolicy Rekey { get; init; } = RekeyPolicy.Message;
    public string? DataDirectory { get; init; }
    /// <summary>Training workers shared by the clients (default: the cores).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
    public int? ParentProcessId { get; init; }
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>One virtual client: its id, the directory with its private keys and the coordinator's public keys, its
/// shard (a file of training-set indices; null: the whole set), its state directory, its behaviour.</summary>
public sealed record VirtualClient(string Id, string KeysDirectory, string? PartitionFile, string? StateDirectory, string Behavior = "honest")
{
    /// <summary>The client's own HTTP handler (a lab's mutual TLS with this client's certificate, since the coordinator
    /// binds the certified id to the joining client); null: the host's shared plain connection pool.</summary>
    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; }
}
