namespace FedHybrid.Experiments;

/// <summary>The files of a run directory (runs/&lt;name&gt;/).</summary>
public sealed record RunLayout(string Root)
{
    public string Config => Path.Combine(Root, "config.json");
    public string Keys => Path.Combine(Root, "keys");
    public string UnprovisionedKeys => Path.Combine(Root, "keys", "unprovisioned");
    public string Partitions => Path.Combine(Root, "partitions");
    public string PartitionHistogram => Path.Combine(Root, "partitions.csv");
    public string Logs => Path.Combine(Root, "logs");
    public string Metrics => Path.Combine(Root, "metrics.csv");
    public string Clients => Path.Combine(Root, "clients.csv");
    public string Stages => Path.Combine(Root, "stages.csv");
    public string Summary => Path.Combine(Root, "summary.json");

    public string PartitionFile(string clientId) => Path.Combine(Partitions, clientId + ".txt");

    public string LogFile(string clientId) => Path.Combine(Logs, clientId + ".log");

    /// <summary>Where a client keeps its sealed state across rounds (SCAFFOLD's control variate).</summary>
    public string ClientStates => Path.Combine(Root, "client-state");

    public string ClientState(string clientId) => Path.Combine(ClientStates, clientId);
}
