using System.Globalization;
using CsCheck;
using FedHybrid.Learning.Partitioning;
using Xunit;

namespace FedHybrid.Learning.Tests.Properties;

/// <summary>Every partitioner on generated label sets, client counts and seeds: the split is disjoint and
/// complete, its histogram matches the labels, and the same seed gives the same split (also after its spec
/// is printed and parsed back). A split that cannot give every client a sample is an ArgumentException.</summary>
public sealed class PartitionerProperties
{
    sealed record Case(string Spec, byte[] Labels, int Classes, int Clients, ulong Seed)
    {
        public override string ToString() => $"{Spec}, {Labels.Length} samples of {Classes} classes, {Clients} clients, seed {Seed}";
    }

    static readonly Gen<string> Specs = Gen.OneOf<string>(
        Gen.Const("iid"),
        Gen.Double[0.05, 10].Select(b => "dirichlet:" + b.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Double[0.05, 10].Select(b => "client-dirichlet:" + b.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Double[0.05, 10].Select(b => "quantity:" + b.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[1, 4].Select(k => "shards:" + k.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[1, 5].Select(c => "classes:" + c.ToString(CultureInfo.InvariantCulture)));

    static readonly Gen<Case> Cases =
        from spec in Specs
        from classes in Gen.Int[1, 12]
        from labels in Gen.Byte[0, (byte)(classes - 1)].Array[1, 300]
        from clients in Gen.Int[1, 20]
        from seed in Gen.ULong
        select new Case(spec, labels, classes, clients, seed);

    [Fact]
    public void SplitsAreDisjointCompleteAndDeterministic()
    {
        Cases.Sample(c =>
        {
            var partitioner = Partitioner.Parse(c.Spec);
            DataPartition split;
            try
            {
                split = partitioner.Split(c.Labels, c.Classes, c.Clients, c.Seed);
            }
            catch (ArgumentException e)
            {
                // The documented refusal: some client would get no sample. It must say why.
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.Throws(e.GetType(), () => partitioner.Split(c.Labels, c.Classes, c.Clients, c.Seed));
                return;
            }

            Assert.Equal(c.Clients, split.ClientCount);
            var owner = new int[c.Labels.Length];
            Array.Fill(owner, -1);
            for (int client = 0; client < split.ClientCount; client++)
            {
                var indices = split.ClientIndices[client];
                Assert.NotEmpty(indices);
                for (int i = 0; i < indices.Length; i++)
                {
                    if (i > 0) Assert.True(indices[i - 1] < indices[i], "indices ascend");
                    Assert.Equal(-1, owner[indices[i]]);
                    owner[indices[i]] = client;
                }
                var histogram = new int[c.Classes];
                foreach (int index in indices) histogram[c.Labels[index]]++;
                Assert.Equal(histogram, split.ClassHistogram[client]);
            }
            Assert.DoesNotContain(-1, owner);

            var again = Partitioner.Parse(partitioner.Spec).Split(c.Labels, c.Classes, c.Clients, c.Seed);
            Assert.Equal(partitioner.Spec, again.Spec);
            for (int client = 0; client < split.ClientCount; client++)
                Assert.Equal(split.ClientIndices[client], again.ClientIndices[client]);
        }, iter: 150, print: c => c.ToString());
    }
}
