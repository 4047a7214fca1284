using FedHybrid.Learning.Data;
using Xunit;

namespace FedHybrid.Learning.Tests.Data;

public sealed class DebianDatasetTests
{
    [Fact]
    public async Task ReadsTheFullTrainingAndTestSets()
    {
        FashionMnistData data = await DebianDataset.LoadOrSkipAsync();

        Assert.Equal(DataSourceKind.Explicit, data.Source.Kind);
        foreach ((LabeledImages set, int count) in new[] { (data.Train, 60_000), (data.Test, 10_000) })
        {
            Assert.Equal(count, set.Count);
            Assert.Equal((28, 28), (set.Rows, set.Cols));
            Assert.Equal(count * 28 * 28, set.Pixels.Length);
            // Fashion-MNIST is exactly balanced: a tenth of each set per class.
            int[] perClass = new int[10];
            foreach (byte label in set.Labels)
                perClass[label]++;
            Assert.All(perClass, n => Assert.Equal(count / 10, n));
        }
    }

    [Fact]
    public async Task PixelsSpanTheNormalizedRangeWithTheDatasetMean()
    {
        FashionMnistData data = await DebianDataset.LoadOrSkipAsync();

        float[] pixels = data.Train.Pixels;
        float min = float.MaxValue, max = float.MinValue;
        double sum = 0, sumOfSquares = 0;
        foreach (float p in pixels)
        {
            min = Math.Min(min, p);
            max = Math.Max(max, p);
            sum += p;
            sumOfSquares += (double)p * p;
        }
        Assert.Equal(Normalization.Apply(0), min);
        Assert.Equal(Normalization.Apply(255), max);
        // Normalization's constants are the training set's statistics, so the standardized mean is ~0 and sd ~1.
        double mean = sum / pixels.Length;
        double sd = Math.Sqrt(sumOfSquares / pixels.Length - mean * mean);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(sd, 0.99, 1.01);
    }

    [Fact]
    public async Task TheBundledSubsetIsTheFirstImagesOfEachClass()
    {
        FashionMnistData full = await DebianDataset.LoadOrSkipAsync();
        FashionMnistData subset = await FashionMnist.LoadAsync(FashionMnist.Resolve(DataSearchPath.Current.BundledDirectory), TestContext.Current.CancellationToken);

        AssertFirstOfEachClass(full.Train, subset.Train, 1_000);
        AssertFirstOfEachClass(full.Test, subset.Test, 200);
    }

    // The selection rule of data/fashion-mnist-subset/README.md: in file order, the first n images of each class.
    private static void AssertFirstOfEachClass(LabeledImages full, LabeledImages subset, int perClass)
    {
        var taken = new int[10];
        var kept = new List<int>();
        for (int i = 0; i < full.Count; i++)
            if (taken[full.Labels[i]]++ < perClass)
                kept.Add(i);
        LabeledImages expected = full.Subset(kept.ToArray());
        Assert.Equal(expected.Labels, subset.Labels);
        Assert.True(expected.Pixels.AsSpan().SequenceEqual(subset.Pixels), "subset pixels differ from the selection rule's");
    }
}
