namespace FedHybrid.Learning.Data;

/// <summary>The places <see cref="FashionMnist.Resolve(string?, DataSearchPath)"/> looks after an
/// explicit directory: the environment variable's value, the Debian package's directory, the bundled subset.</summary>
public sealed record DataSearchPath(string? EnvironmentValue, string DebianDirectory, string BundledDirectory)
{
    /// <summary>The real places: <c>FEDHYBRID_DATA</c> as it is now, <c>/usr/share/datasets/fashion-mnist</c>,
    /// and <c>data/fashion-mnist-subset</c> next to the running binaries.</summary>
    public static DataSearchPath Current => new(
        Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable),
        FashionMnist.DebianDirectory,
        Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset"));
}
