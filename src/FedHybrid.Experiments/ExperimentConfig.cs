namespace FedHybrid.Experiments;

/// <summary>
/// One experiment, as read from a JSON config (snake_case keys; see experiments/configs). Every
/// property has a default, and the run writes the complete config, defaults included, to
/// runs/&lt;name&gt;/config.json.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Run name: the output directory under runs/.</summary>
    public string Name { get; init; } = "run";
    /// <summary>mlp2nn, cnn or lenet.</summary>
    public string Model { get; init; } = "cnn";
    /// <summary>"auto" (--data, $FEDHYBRID_DATA, Debian package, bundled subset), "bundled", or a directory.</summary>
    public string Data { get; init; } = "auto";
    /// <summary>iid, dirichlet:BETA, shards:K, quantity:BETA, classes:C.</summary>
    public string Partition { get; init; } = "iid";
    public int Clients { get; init; } = 5;
    public int Rounds { get; init; } = 3;
    public string Strategy { get; init; } = "fedavg";
    public double FractionFit { get; init; } = 1.0;
    public int MinFitClients { get; init; } = 1;
    /// <summary>Fraction of clients that also evaluate the new global model on their own data (0 = none).</summary>
    public double FractionEvaluate { get; init; } = 0;
    /// <summary>The quorum: accepted updates needed to aggregate a round.</summary>
    public int MinUpdates { get; init; } = 1;
    public int LocalEpochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0;
    public double WeightDecay { get; init; } = 0;
    public double ProximalMu { get; init; } = 0;
    public string Suite { get; init; } = "hpke-x25519-aes256gcm";
    /// <summary>message, round or run: how often the asymmetric step runs.</summary>
    public string Rekey { get; init; } = "message";
    public double RoundDeadlineSeconds { get; init; } = 600;
    public double JoinTimeoutSeconds { get; init; } = 120;
    public long Seed { get; init; } = 42;
    /// <summary>Clients training at the same time (0 = as many as cores, at most the clients).</summary>
    public int ConcurrentClients { get; init; }
    /// <summary>Threads per training client (0 = cores / concurrent clients, at least 1).</summary>
    public int ThreadsPerClient { get; init; }
    /// <summary>Test and attack only: client id -> behaviour (honest, corrupt-byte, replay-previous, crash-mid-round).</summary>
    public IReadOnlyDictionary<string, string> Behaviors { get; init; } = new Dictionary<string, string>();
    /// <summary>Test and attack only: extra client processes with keys the coordinator was not provisioned with.</summary>
    public int UnprovisionedClients { get; init; }

    /// <summary>Client ids: client-01 .. client-NN (zero-padded so they sort numerically).</summary>
    public IReadOnlyList<string> ClientIds()
    {
        int width = Math.Max(2, Clients.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return Enumerable.Range(1, Clients).Select(i => "client-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')).ToArray();
    }
}
