namespace FedHybrid.Experiments.Config;

/// <summary>Where the data comes from and how it is split among the clients.</summary>
public sealed record DataSection
{
    /// <summary>"auto" (--data, $FEDHYBRID_DATA, Debian package, bundled subset), "bundled", or a directory.</summary>
    public string Source { get; init; } = "auto";

    /// <summary>iid, dirichlet:BETA, client-dirichlet:ALPHA (many clients), shards:K, quantity:BETA, classes:C.</summary>
    public string Partition { get; init; } = "iid";
}
