using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

public sealed class DataResolutionTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A directory holding the four files (gzip, or plain when <paramref name="gzip"/> is false), with
    /// <paramref name="trainCount"/> training and 2 test images.</summary>
    private string DataDirectory(string name, int trainCount = 3, bool gzip = true, int size = 28)
    {
        string directory = Path.Combine(_files.Directory, name);
        Directory.CreateDirectory(directory);
        byte[] Encode(byte[] idx) => gzip ? IdxTestFiles.Gzip(idx) : idx;
        string suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(directory, "train-images-idx3-ubyte" + suffix), Encode(IdxTestFiles.Images(trainCount, size, size)));
        File.WriteAllBytes(Path.Combine(directory, "train-labels-idx1-ubyte" + suffix), Encode(IdxTestFiles.Labels(trainCount)));
        File.WriteAllBytes(Path.Combine(directory, "t10k-images-idx3-ubyte" + suffix), Encode(IdxTestFiles.Images(2, size, size)));
        File.WriteAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte" + suffix), Encode(IdxTestFiles.Labels(2)));
        return directory;
    }

    private string Absent(string name) => Path.Combine(_files.Directory, name);

    [Fact]
    public void AnExplicitDirectoryComesFirst()
    {
        var search = new DataSearchPath(DataDirectory("env"), DataDirectory("debian"), DataDirectory("bundled"));

        DataSource source = FashionMnist.Resolve(DataDirectory("explicit"), search);

        Assert.Equal((DataSourceKind.Explicit, Absent("explicit")), (source.Kind, source.Directory));
        Assert.Equal(Path.Combine(Absent("explicit"), "train-images-idx3-ubyte.gz"), source.TrainImages);
        Assert.Equal(Path.Combine(Absent("explicit"), "t10k-labels-idx1-ubyte.gz"), source.TestLabels);
    }

    [Fact]
    public void TheEnvironmentVariableComesSecond()
    {
        var search = new DataSearchPath(DataDirectory("env"), DataDirectory("debian"), DataDirectory("bundled"));

        DataSource source = FashionMnist.Resolve(null, search);

        Assert.Equal((DataSourceKind.EnvironmentVariable, Absent("env")), (source.Kind, source.Directory));
    }

    [Fact]
    public void TheDebianPackageComesThird()
    {
        var search = new DataSearchPath("", DataDirectory("debian"), DataDirectory("bundled"));

        DataSource source = FashionMnist.Resolve("  ", search);

        Assert.Equal((DataSourceKind.DebianPackage, Absent("debian")), (source.Kind, source.Directory));
    }

    [Fact]
    public void TheBundledSubsetComesLast()
    {
        var search = new DataSearchPath(null, Absent("debian"), DataDirectory("bundled"));

        DataSource source = FashionMnist.Resolve(null, search);

        Assert.Equal((DataSourceKind.BundledSubset, Absent("bundled")), (source.Kind, source.Directory));
    }

    [Fact]
    public void AnIncompleteDebianDirectoryFallsThroughToTheBundledSubset()
    {
        string debian = DataDirectory("debian");
        File.Delete(Path.Combine(debian, "t10k-labels-idx1-ubyte.gz"));

        DataSource source = FashionMnist.Resolve(null, new DataSearchPath(null, debian, DataDirectory("bundled")));

        Assert.Equal(DataSourceKind.BundledSubset, source.Kind);
    }

    [Fact]
    public void PlainFilesAreFoundLikeCompressedOnes()
    {
        DataSource source = FashionMnist.Resolve(DataDirectory("plain", gzip: false), new DataSearchPath(null, Absent("d"), Absent("b")));

        Assert.Equal(Path.Combine(Absent("plain"), "train-labels-idx1-ubyte"), source.TrainLabels);
    }

    [Fact]
    public void AnExplicitDirectoryLackingFilesIsAnErrorNamingThem()
    {
        string directory = DataDirectory("partial");
        File.Delete(Path.Combine(directory, "train-labels-idx1-ubyte.gz"));
        File.Delete(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"));
        var search = new DataSearchPath(DataDirectory("env"), DataDirectory("debian"), DataDirectory("bundled"));

        var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Resolve(directory, search));

        Assert.Equal(["train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"], error.MissingFiles);
        Assert.Equal(directory, error.Directory);
        Assert.Equal(
            $"The data directory given with --data ({directory}) lacks train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz].",
            error.Message);
    }

    [Fact]
    public void AnExplicitDirectoryThatDoesNotExistIsAnError()
    {
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            FashionMnist.Resolve(Absent("nowhere"), new DataSearchPath(null, DataDirectory("debian"), DataDirectory("bundled"))));

        Assert.Equal($"The data directory given with --data ({Absent("nowhere")}) does not exist.", error.Message);
        Assert.Equal(4, error.MissingFiles.Count);
    }

    [Fact]
    public void ADirectoryNamedElsewhereThanOnTheCommandLineIsReportedWhereItWasNamed()
    {
        var search = new DataSearchPath(DataDirectory("env"), DataDirectory("debian"), DataDirectory("bundled"));

        var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Resolve(Absent("nowhere"), search, "\"data\" in the config"));
        Assert.Equal($"The data directory given with \"data\" in the config ({Absent("nowhere")}) does not exist.", error.Message);

        DataSource found = FashionMnist.Resolve(DataDirectory("configured"), search, "\"data\" in the config");
        Assert.Equal("given with \"data\" in the config", found.Origin);
        Assert.Equal("given with --data", FashionMnist.Resolve(DataDirectory("configured"), search).Origin);
    }

    [Fact]
    public void AnEnvironmentDirectoryLackingFilesIsAnErrorNotAFallback()
    {
        string directory = DataDirectory("env");
        File.Delete(Path.Combine(directory, "train-images-idx3-ubyte.gz"));

        var error = Assert.Throws<DatasetNotFoundException>(() =>
            FashionMnist.Resolve(null, new DataSearchPath(directory, DataDirectory("debian"), DataDirectory("bundled"))));

        Assert.Equal($"The directory in $FEDHYBRID_DATA ({directory}) lacks train-images-idx3-ubyte[.gz].", error.Message);
    }

    [Fact]
    public void NoDatasetAnywhereIsAnErrorListingThePlacesTried()
    {
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            FashionMnist.Resolve(null, new DataSearchPath(null, Absent("debian"), Absent("bundled"))));

        Assert.StartsWith($"No Fashion-MNIST found: no --data, no $FEDHYBRID_DATA, no Debian package dataset-fashion-mnist in {Absent("debian")}", error.Message);
        Assert.Contains($"the bundled subset ({Absent("bundled")}) does not exist", error.Message);
    }

    [Fact]
    public async Task LoadsTheResolvedFilesAndDescribesTheSource()
    {
        DataSource source = FashionMnist.Resolve(DataDirectory("explicit", trainCount: 1234), new DataSearchPath(null, Absent("d"), Absent("b")));

        FashionMnistData data = await FashionMnist.LoadAsync(source, TestContext.Current.CancellationToken);

        Assert.Equal((1234, 2), (data.Train.Count, data.Test.Count));
        Assert.Equal($"Fashion-MNIST from {source.Directory} (given with --data): 1,234 train, 2 test", data.Description);
    }

    [Fact]
    public async Task RejectsImagesThatAreNotTwentyEightSquare()
    {
        DataSource source = FashionMnist.Resolve(DataDirectory("mnist-like", size: 32), new DataSearchPath(null, Absent("d"), Absent("b")));

        var error = await Assert.ThrowsAsync<InvalidDatasetException>(() => FashionMnist.LoadAsync(source, TestContext.Current.CancellationToken));

        Assert.Equal(source.TrainImages, error.FilePath);
        Assert.Contains("holds images of 32x32 pixels; Fashion-MNIST's are 28x28", error.Message);
    }
}
