using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class EnvironmentVariableTests : IDisposable
{
    private readonly IdxTestFiles _files = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, _saved);
        _files.Dispose();
    }

    [Fact]
    public void ResolveReadsFedHybridDataFromTheProcessEnvironment()
    {
        foreach (string name in FashionMnist.FileNames)
            _files.Write(name + ".gz", []);
        Environment.SetEnvironmentVariable("FEDHYBRID_DATA", _files.Directory);

        DataSource source = FashionMnist.Resolve(null);

        Assert.Equal((DataSourceKind.EnvironmentVariable, _files.Directory), (source.Kind, source.Directory));
        Assert.Equal(_files.Directory, DataSearchPath.Current.EnvironmentValue);
    }

    [Fact]
    public void WithoutTheVariableResolveUsesDebianOrTheBundledSubset()
    {
        Environment.SetEnvironmentVariable("FEDHYBRID_DATA", null);

        DataSource source = FashionMnist.Resolve(null);

        Assert.Equal(
            DebianDataset.IsInstalled ? (DataSourceKind.DebianPackage, FashionMnist.DebianDirectory) : (DataSourceKind.BundledSubset, DataSearchPath.Current.BundledDirectory),
            (source.Kind, source.Directory));
    }
}
