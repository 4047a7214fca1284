using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

/// <summary>The full Fashion-MNIST from Debian's dataset-fashion-mnist, loaded once for all tests that
/// need it; those tests skip when the package is not installed.</summary>
internal static class DebianDataset
{
    private static readonly Lazy<Task<FashionMnistData>> Loaded = new(() =>
        FashionMnist.LoadAsync(FashionMnist.Resolve(FashionMnist.DebianDirectory), CancellationToken.None));

    public static bool IsInstalled =>
        FashionMnist.FileNames.All(name => File.Exists(Path.Combine(FashionMnist.DebianDirectory, name + ".gz")));

    public static Task<FashionMnistData> LoadOrSkipAsync()
    {
        if (!IsInstalled)
            Assert.Skip($"dataset-fashion-mnist is not installed: {FashionMnist.DebianDirectory} lacks the four IDX files (apt-get install dataset-fashion-mnist)");
        return Loaded.Value;
    }
}
