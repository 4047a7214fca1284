using FedHybrid.Learning.Partitioning;
using Xunit;

namespace FedHybrid.Learning.Tests.Partitioning;

public sealed class PartitionerTests
{
    /// <summary>6,800 labels of 10 unequal classes (class c has 500 + 40c samples) in a shuffled order.</summary>
    private static readonly byte[] Labels = MakeLabels();

    private static byte[] MakeLabels()
    {
        byte[] labels = [.. Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat((byte)c, 500 + 40 * c))];
        new SeededRandom(2024).Shuffle(labels.AsSpan());
        return labels;
    }

    public static TheoryData<string, int> Specs => new()
    {
        { "iid", 10 }, { "iid", 37 },
        { "dirichlet:0.1", 10 }, { "dirichlet:0.5", 50 }, { "dirichlet:100", 20 },
        { "client-dirichlet:0.1", 10 }, { "client-dirichlet:0.5", 3000 }, { "client-dirichlet:100", 20 },
        { "shards:2", 100 }, { "shards:1", 10 }, { "shards:3", 7 },
        { "quantity:0.5", 20 }, { "quantity:5", 10 },
        { "classes:1", 10 }, { "classes:2", 30 }, { "classes:3", 4 }, { "classes:10", 5 },
    };

    [Fact]
    public void ClientDirichletGivesEveryOneOfManyClientsItsShareAndSkewsByAlpha()
    {
        // 3,000 clients of 6,800 samples: NIID-Bench's per-class split cannot give each of them samples; this one gives
        // each 2 or 3. Small alpha: a client of 50 samples sees few classes; large alpha: nearly all ten.
        var many = Partitioner.Parse("client-dirichlet:0.5").Split(Labels, 10, 3000, seed: 4);
        Assert.All(many.ClientIndices, indices => Assert.InRange(indices.Length, 2, 3));
        Assert.Throws<ArgumentException>(() => Partitioner.Parse("dirichlet:0.5").Split(Labels, 10, 3000, seed: 4));
        double Classes(string spec) => Partitioner.Parse(spec).Split(Labels, 10, 136, seed: 4).ClientIndices
            .Average(indices => indices.Select(i => Labels[i]).Distinct().Count());
        Assert.True(Classes("client-dirichlet:0.1") < 5, $"{Classes("client-dirichlet:0.1")} classes a client at alpha 0.1");
        Assert.True(Classes("client-dirichlet:100") > 9, $"{Classes("client-dirichlet:100")} classes a client at alpha 100");
        Assert.Equal(many.ClientIndices, Partitioner.Parse("client-dirichlet:0.5").Split(Labels, 10, 3000, seed: 4).ClientIndices);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void ClientsAreDisjointCoverTheDataAndAreNeverEmpty(string spec, int clients)
    {
        DataPartition partition = Partitioner.Parse(spec).Split(Labels, 10, clients, seed: 1);

        Assert.Equal(clients, partition.ClientCount);
        int[] all = [.. partition.ClientIndices.SelectMany(indices => indices)];
        Assert.Equal(Labels.Length, all.Length);
        Assert.Equal(Enumerable.Range(0, Labels.Length), all.Order());
        Assert.All(partition.ClientIndices, indices => Assert.NotEmpty(indices));
        Assert.All(partition.ClientIndices, indices => Assert.Equal(indices.Order(), indices));
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void TheHistogramCountsEachClientsLabels(string spec, int clients)
    {
        DataPartition partition = Partitioner.Parse(spec).Split(Labels, 10, clients, seed: 2);

        Assert.Equal(10, partition.ClassCount);
        for (int client = 0; client < clients; client++)
            for (int c = 0; c < 10; c++)
                Assert.Equal(partition.ClientIndices[client].Count(i => Labels[i] == c), partition.ClassHistogram[client][c]);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother(string spec, int clients)
    {
        Partitioner partitioner = Partitioner.Parse(spec);

        DataPartition first = partitioner.Split(Labels, 10, clients, seed: 99);
        DataPartition again = Partitioner.Parse(spec).Split(Labels, 10, clients, seed: 99);
        DataPartition other = partitioner.Split(Labels, 10, clients, seed: 100);

        Assert.Equal(first.ClientIndices, again.ClientIndices);
        Assert.Equal(first.ClassHistogram, again.ClassHistogram);
        Assert.NotEqual(first.ClientIndices, other.ClientIndices);
        Assert.Equal((spec, 99UL), (first.Spec, first.Seed));
    }

    [Fact]
    public void DirichletWithSmallBetaIsFarMoreSkewedThanWithLargeBeta()
    {
        double skewed = MeanClassEntropy(Partitioner.Parse("dirichlet:0.1").Split(Labels, 10, 20, seed: 3));
        double balanced = MeanClassEntropy(Partitioner.Parse("dirichlet:100").Split(Labels, 10, 20, seed: 3));
        double iid = MeanClassEntropy(Partitioner.Parse("iid").Split(Labels, 10, 20, seed: 3));

        // Ten classes give at most log2(10) = 3.32 bits.
        Assert.True(skewed < 1.5, $"beta 0.1: mean entropy {skewed:F2} bits");
        Assert.True(balanced > 3.2, $"beta 100: mean entropy {balanced:F2} bits");
        Assert.True(iid > 3.2, $"iid: mean entropy {iid:F2} bits");
    }

    [Fact]
    public void ShardsGiveEachClientAtMostTwoClassesPerShard()
    {
        foreach (int k in new[] { 1, 2, 3 })
        {
            DataPartition partition = new ShardPartitioner(k).Split(Labels, 10, 100, seed: 4);

            Assert.All(partition.ClassHistogram, counts => Assert.InRange(counts.Count(n => n > 0), 1, 2 * k));
            // Shards have equal sizes (to one), so clients do too.
            int[] sizes = [.. partition.ClientIndices.Select(indices => indices.Length)];
            Assert.InRange(sizes.Max() - sizes.Min(), 0, k);
        }
    }

    [Fact]
    public void ShardsMostlyGiveOneClassPerShard()
    {
        DataPartition partition = new ShardPartitioner(2).Split(Labels, 10, 100, seed: 4);

        double meanClasses = partition.ClassHistogram.Average(counts => counts.Count(n => n > 0));
        Assert.InRange(meanClasses, 1.5, 2.6);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 30)]
    [InlineData(3, 4)]
    [InlineData(5, 2)]
    [InlineData(10, 3)]
    public void LabelCountSkewGivesExactlyCClassesPerClient(int classesPerClient, int clients)
    {
        DataPartition partition = new LabelCountPartitioner(classesPerClient).Split(Labels, 10, clients, seed: 5);

        Assert.All(partition.ClassHistogram, counts => Assert.Equal(classesPerClient, counts.Count(n => n > 0)));
    }

    [Fact]
    public void LabelCountSkewSplitsEachClassEquallyAmongItsHolders()
    {
        DataPartition partition = new LabelCountPartitioner(2).Split(Labels, 10, 30, seed: 6);

        for (int c = 0; c < 10; c++)
        {
            int[] shares = [.. partition.ClassHistogram.Select(counts => counts[c]).Where(n => n > 0)];
            Assert.InRange(shares.Max() - shares.Min(), 0, 1);
        }
    }

    [Fact]
    public void QuantitySkewVariesSizesButNotClassMix()
    {
        DataPartition skewed = new QuantitySkewPartitioner(0.5).Split(Labels, 10, 20, seed: 7);
        DataPartition iid = new IidPartitioner().Split(Labels, 10, 20, seed: 7);

        int[] sizes = [.. skewed.ClientIndices.Select(indices => indices.Length)];
        Assert.True(sizes.Max() > 4 * sizes.Min(), $"sizes {string.Join(",", sizes)}");
        Assert.All(sizes, size => Assert.True(size >= 10));
        int[] iidSizes = [.. iid.ClientIndices.Select(indices => indices.Length)];
        Assert.InRange(iidSizes.Max() - iidSizes.Min(), 0, 1);
        // Large clients of a quantity split still see every class.
        Assert.All(skewed.ClassHistogram.Where(counts => counts.Sum() >= 200), counts => Assert.All(counts, n => Assert.True(n > 0)));
    }

    [Fact]
    public void QuantitySkewGivesEveryClientTheMinimumEvenWithTinyBeta()
    {
        // Nearly all of the data goes to one client; the others keep the minimum of min(10, n / clients).
        DataPartition many = new QuantitySkewPartitioner(0.001).Split(Labels, 10, 100, seed: 9);
        DataPartition few = new QuantitySkewPartitioner(0.001).Split(Labels, 10, 1000, seed: 9);

        Assert.All(many.ClientIndices, indices => Assert.True(indices.Length >= 10));
        Assert.True(many.ClientIndices.Max(indices => indices.Length) > Labels.Length / 2);
        Assert.All(few.ClientIndices, indices => Assert.True(indices.Length >= Labels.Length / 1000));
    }

    [Fact]
    public void AClassAbsentFromTheDataIsNeverAssignedByLabelCountSkew()
    {
        byte[] labels = [.. Labels.Where(l => l != 4)];

        DataPartition partition = new LabelCountPartitioner(9).Split(labels, 10, 3, seed: 8);

        Assert.All(partition.ClassHistogram, counts => Assert.Equal(0, counts[4]));
        Assert.Throws<ArgumentException>(() => new LabelCountPartitioner(10).Split(labels, 10, 3, seed: 8));
    }

    [Theory]
    [InlineData("iid", 7, 8, "iid: 8 clients need at least one sample each, but there are only 7 samples")]
    [InlineData("shards:2", 10, 6, "shards:2: 6 clients x 2 shards = 12 shards, more than the 10 samples")]
    [InlineData("classes:2", 1000, 4, "classes:2: 4 clients with 2 classes each cannot cover all 10 classes; use more clients or classes")]
    [InlineData("classes:11", 1000, 4, "classes:11: asks for 11 classes per client, but the data has only 10")]
    [InlineData("dirichlet:0.0001", 200, 20, "dirichlet:0.0001: 1,000 draws did not give each of 20 clients at least 10 of the 200 samples")]
    public void ImpossibleSplitsFailWithAClearError(string spec, int samples, int clients, string message)
    {
        byte[] labels = [.. Enumerable.Range(0, samples).Select(i => (byte)(i % 10))];

        var error = Assert.Throws<ArgumentException>(() => Partitioner.Parse(spec).Split(labels, 10, clients, seed: 1));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void LabelCountSkewFailsWhenAClassHasFewerSamplesThanHolders()
    {
        // Ten classes, twenty clients with one class each: every class has two holders, but classes 1..9 one sample.
        byte[] labels = [.. Enumerable.Range(0, 10).Select(i => (byte)i), .. Enumerable.Repeat((byte)0, 10)];

        var error = Assert.Throws<ArgumentException>(() => new LabelCountPartitioner(1).Split(labels, 10, 20, seed: 1));

        Assert.StartsWith("classes:1: class 1 has 1 samples, fewer than the 2 clients that hold it; use fewer clients", error.Message);
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new IidPartitioner().Split([1, 2, 7], 5, 1, seed: 1));

        Assert.StartsWith("label 2 is 7, outside the 5 classes", error.Message);
    }

    [Theory]
    [InlineData("iid", typeof(IidPartitioner), "iid")]
    [InlineData(" Dirichlet:0.50 ", typeof(DirichletLabelPartitioner), "dirichlet:0.5")]
    [InlineData("dirichlet:1e-1", typeof(DirichletLabelPartitioner), "dirichlet:0.1")]
    [InlineData("shards:2", typeof(ShardPartitioner), "shards:2")]
    [InlineData("quantity:10", typeof(QuantitySkewPartitioner), "quantity:10")]
    [InlineData("CLASSES:3", typeof(LabelCountPartitioner), "classes:3")]
    public void ParsesSpecsAndWritesThemBack(string spec, Type type, string canonical)
    {
        Partitioner partitioner = Partitioner.Parse(spec);

        Assert.IsType(type, partitioner);
        Assert.Equal(canonical, partitioner.Spec);
        Assert.Equal(canonical, Partitioner.Parse(canonical).ToString());
    }

    [Theory]
    [InlineData("random", "Unknown partition 'random'; expected one of: iid, dirichlet:BETA, client-dirichlet:ALPHA, shards:K, quantity:BETA, classes:C")]
    [InlineData("", "Unknown partition ''")]
    [InlineData("iid:3", "Partition 'iid:3': iid takes no parameter")]
    [InlineData("dirichlet", "Partition 'dirichlet': dirichlet needs a concentration BETA, e.g. dirichlet:0.5")]
    [InlineData("dirichlet:", "Partition 'dirichlet:': dirichlet needs a concentration BETA")]
    [InlineData("dirichlet:half", "Partition 'dirichlet:half': BETA 'half' is not a number")]
    [InlineData("dirichlet:0", "Partition 'dirichlet:0': BETA must be a positive, finite number")]
    [InlineData("quantity:-1", "Partition 'quantity:-1': BETA must be a positive, finite number")]
    [InlineData("quantity:NaN", "Partition 'quantity:NaN': BETA must be a positive, finite number")]
    [InlineData("shards", "Partition 'shards': shards needs K shards per client, e.g. shards:2")]
    [InlineData("shards:1.5", "Partition 'shards:1.5': '1.5' is not a whole number (K shards per client)")]
    [InlineData("shards:0", "Partition 'shards:0': K shards per client must be at least 1")]
    [InlineData("classes:0", "Partition 'classes:0': C classes per client must be at least 1")]
    [InlineData("dirichlet:Infinity", "Partition 'dirichlet:Infinity': BETA must be a positive, finite number")]
    [InlineData("classes:-2", "Partition 'classes:-2': '-2' is not a whole number (C classes per client)")]
    public void MalformedSpecsFailWithAClearError(string spec, string message)
    {
        var error = Assert.Throws<FormatException>(() => Partitioner.Parse(spec));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public async Task WritesTheHistogramAsCsv()
    {
        byte[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        DataPartition partition = new ShardPartitioner(1).Split(labels, 3, 3, seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"fedhybrid-histogram-{Guid.NewGuid():N}.csv");
        try
        {
            await partition.WriteHistogramCsvAsync(path, TestContext.Current.CancellationToken);

            string[] lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal("client,class0,class1,class2,total", lines[0]);
            // Shards of sorted labels: each client holds the three samples of one class.
            Assert.Equal(4, lines.Length);
            for (int client = 0; client < 3; client++)
            {
                int c = labels[partition.ClientIndices[client][0]];
                int[] expected = [client, .. Enumerable.Range(0, 3).Select(k => k == c ? 3 : 0), 3];
                Assert.Equal(string.Join(",", expected), lines[client + 1]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Mean over clients of the Shannon entropy (bits) of the client's class distribution.</summary>
    private static double MeanClassEntropy(DataPartition partition) =>
        partition.ClassHistogram.Average(counts =>
        {
            double total = counts.Sum();
            return -counts.Where(n => n > 0).Sum(n => n / total * Math.Log2(n / total));
        });
}
