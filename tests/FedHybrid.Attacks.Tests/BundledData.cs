using FedHybrid.Learning.Data;

namespace FedHybrid.Attacks.Tests;

/// <summary>The Fashion-MNIST subset bundled beside the binaries, loaded once: real images, offline, same on every machine.</summary>
static class BundledData
{
    // Loaded on the thread pool: blocking on the loader under the test runner's synchronization context would deadlock.
    static readonly Lazy<FashionMnistData> Data = new(() => Task.Run(() =>
        FashionMnist.LoadAsync(FashionMnist.Resolve(null, new DataSearchPath(null, "/nonexistent", DataSearchPath.Current.BundledDirectory))))
            .GetAwaiter().GetResult());

    public static LabeledImages Train => Data.Value.Train;

    public static LabeledImages Test => Data.Value.Test;
}
