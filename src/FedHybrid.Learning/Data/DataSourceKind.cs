namespace FedHybrid.Learning.Data;

/// <summary>Where a dataset was found, in the order the places are tried.</summary>
public enum DataSourceKind
{
    /// <summary>A directory the caller named (the CLI's <c>--data DIR</c>).</summary>
    Explicit,

    /// <summary>The directory in the <c>FEDHYBRID_DATA</c> environment variable.</summary>
    EnvironmentVariable,

    /// <summary>Debian's package <c>dataset-fashion-mnist</c>.</summary>
    DebianPackage,

    /// <summary>The class-balanced subset shipped with the project and copied next to the binaries.</summary>
    BundledSubset,
}
