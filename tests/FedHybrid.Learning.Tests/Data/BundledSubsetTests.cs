using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

public sealed class BundledSubsetTests
{
    [Fact]
    public void IsCopiedNextToTheBinaries()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset");

        Assert.Equal(directory, DataSearchPath.Current.BundledDirectory);
        foreach (string name in FashionMnist.FileNames)
            Assert.True(File.Exists(Path.Combine(directory, name + ".gz")), $"{name}.gz is not in {directory}");
    }

    [Fact]
    public async Task HoldsTenThousandTrainAndTwoThousandTestImagesBalancedByClass()
    {
        DataSource source = FashionMnist.Resolve(null, new DataSearchPath(null, "/nonexistent", DataSearchPath.Current.BundledDirectory));

        FashionMnistData data = await FashionMnist.LoadAsync(source, TestContext.Current.CancellationToken);

        Assert.Equal(DataSourceKind.BundledSubset, data.Source.Kind);
        Assert.Equal(
            $"Fashion-MNIST from {source.Directory} (bundled class-balanced subset; install the Debian package dataset-fashion-mnist for the full set): 10,000 train, 2,000 test",
            data.Description);
        foreach ((LabeledImages set, int perClass) in new[] { (data.Train, 1_000), (data.Test, 200) })
        {
            Assert.Equal((28, 28), (set.Rows, set.Cols));
            Assert.Equal(10 * perClass, set.Count);
            Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(perClass, set.Labels.Count(l => l == c)));
        }
    }

    [Fact]
    public void StaysUnderAFewMegabytes()
    {
        long bytes = FashionMnist.FileNames.Sum(name => new FileInfo(Path.Combine(DataSearchPath.Current.BundledDirectory, name + ".gz")).Length);

        Assert.InRange(bytes, 1, 6_000_000);
    }
}
