namespace FedHybrid.Learning.Data;

/// <summary>A resolved dataset location: where it came from and the four IDX files found there
/// (each either gzip-compressed or plain).</summary>
public sealed record DataSource(
    DataSourceKind Kind,
    string Directory,
    string TrainImages,
    string TrainLabels,
    string TestImages,
    string TestLabels)
{
    /// <summary>For <see cref="DataSourceKind.Explicit"/>: where the directory was named (the CLI's
    /// option, or a config's "data" key).</summary>
    public string GivenBy { get; init; } = FashionMnist.CommandLineOption;

    /// <summary>How this source came to be chosen, for people reading the output.</summary>
    public string Origin => Kind switch
    {
        DataSourceKind.Explicit => $"given with {GivenBy}",
        DataSourceKind.EnvironmentVariable => $"from ${FashionMnist.EnvironmentVariable}",
        DataSourceKind.DebianPackage => $"Debian package {FashionMnist.DebianPackage}",
        DataSourceKind.BundledSubset => "bundled class-balanced subset; install the Debian package "
            + $"{FashionMnist.DebianPackage} for the full set",
        _ => throw new InvalidOperationException($"unknown data source kind {Kind}"),
    };
}
