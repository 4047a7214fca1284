using System.Numerics;
using CsCheck;

namespace FedHybrid.Aggregation.Tests;

/// <summary>The superaccumulator against BigInteger arithmetic on the 2^-149 grid: the sum is exact, its double is
/// the exact value rounded once to nearest (ties to even), and the order of the vectors changes nothing.</summary>
public sealed class ExactWeightedSumTests
{
    /// <summary>Every kind of float32: ordinary, huge, tiny, subnormal, the extremes, and values that cancel.</summary>
    static readonly Gen<float> Value = Gen.OneOf<float>(
        Gen.Float[-1, 1],
        Gen.Float, // any finite float32 bit pattern, subnormals included
        Gen.OneOf(1e30f, -1e30f, 1f, -1f, 1e-10f, -1e-10f, 1e-40f, -1e-40f, float.Epsilon, -float.Epsilon,
            float.MaxValue, -float.MaxValue, 0f, -0f, 3.4e38f, 1.17549435e-38f));

    static readonly Gen<long> Weight = Gen.OneOf<long>(Gen.Long[1, 3], Gen.Long[1, 100_000], Gen.Long[1, int.MaxValue], Gen.Long[1, long.MaxValue]);

    sealed record Terms(int Length, (float[] Values, long Weight)[] Vectors)
    {
        public override string ToString() => string.Join("; ", Vectors.Select(v => $"{v.Weight} x [{string.Join(", ", v.Values.Select(x => x.ToString("R")))}]"));
    }

    static readonly Gen<Terms> Inputs =
        from length in Gen.Int[1, 8]
        from count in Gen.Int[1, 12]
        from vectors in Gen.Select(Value.Array[length], Weight).Array[count]
        select new Terms(length, vectors);

    /// <summary>v * 2^149, an integer for every float32.</summary>
    static BigInteger Units(float v)
    {
        uint bits = BitConverter.SingleToUInt32Bits(v);
        int biased = (int)((bits >> 23) & 0xFF);
        BigInteger m = bits & 0x7FFFFF;
        if (biased != 0)
            m += 0x800000;
        var units = m << (biased == 0 ? 0 : biased - 1);
        return (bits >> 31) == 1 ? -units : units;
    }

    /// <summary>units * 2^-149 rounded to nearest double, ties to even, by BigInteger division.</summary>
    static double Round(BigInteger units)
    {
        if (units.IsZero)
            return 0.0;
        var magnitude = BigInteger.Abs(units);
        long length = (long)magnitude.GetBitLength();
        int drop = (int)Math.Max(0, length - 53);
        var kept = magnitude >> drop;
        var rest = magnitude - (kept << drop);
        if (drop > 0)
        {
            var half = BigInteger.One << (drop - 1);
            if (rest > half || (rest == half && !kept.IsEven))
                kept += 1;
        }
        double value = Math.ScaleB((double)(ulong)kept, drop - 149);
        return units.Sign < 0 ? -value : value;
    }

    static ExactWeightedSum Sum(Terms terms, IEnumerable<int> order)
    {
        var sum = new ExactWeightedSum(terms.Length);
        foreach (int i in order)
            sum.Add(terms.Vectors[i].Values, terms.Vectors[i].Weight);
        return sum;
    }

    static ulong[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToUInt64Bits).ToArray();

    [Fact]
    public void TheSumIsExactAndItsDoubleIsRoundedOnce()
    {
        Inputs.Sample(terms =>
        {
            var sum = Sum(terms, Enumerable.Range(0, terms.Vectors.Length));
            var sums = sum.Sums();
            for (int j = 0; j < terms.Length; j++)
            {
                var reference = terms.Vectors.Aggregate(BigInteger.Zero, (s, v) => s + v.Weight * Units(v.Values[j]));
                Assert.Equal(reference, sum.ExactUnits(j));
                Assert.Equal(BitConverter.DoubleToUInt64Bits(Round(reference)), BitConverter.DoubleToUInt64Bits(sums[j]));
            }
            Assert.Equal(terms.Vectors.Aggregate(Int128.Zero, (s, v) => s + v.Weight), sum.TotalWeight);
        }, iter: 2000, print: t => t.ToString());
    }

    /// <summary>What an update looks like: mostly small values a few binades apart (four neighbours then share their
    /// planes, and the fold adds them four at a time), with zeros, and now and then any float (which sends its
    /// neighbours down the one-at-a-time path).</summary>
    static readonly Gen<float> UpdateValue = Gen.Frequency(
        (20, Gen.Float[-1e-2f, 1e-2f]),
        (3, Gen.OneOf(Gen.Const(0f), Gen.Const(-0f))),
        (1, Value));

    [Fact]
    public void UpdateLikeVectorsFoldedFourAtATimeSumExactly()
    {
        var gen = from length in Gen.Int[1, 70]
                  from vectors in Gen.Select(UpdateValue.Array[length], Weight).Array[1, 6]
                  select new Terms(length, vectors);
        gen.Sample(terms =>
        {
            var sum = Sum(terms, Enumerable.Range(0, terms.Vectors.Length));
            for (int j = 0; j < terms.Length; j++)
                Assert.Equal(terms.Vectors.Aggregate(BigInteger.Zero, (s, v) => s + v.Weight * Units(v.Values[j])), sum.ExactUnits(j));
        }, iter: 2000, print: t => t.ToString());
    }

    [Fact]
    public void ASumClearedAndReusedForOtherVectorsIsTheirExactSum()
    {
        // Lengths past a hardware vector (8 or 16 floats) and a tail, so the vectorized exponent scan that picks the
        // planes Sums reads and Clear wipes runs too; the first terms may touch planes the second never do.
        var gen = from length in Gen.Int[1, 40]
                  from first in Gen.Select(Value.Array[length], Weight).Array[1, 6]
                  from second in Gen.Select(Value.Array[length], Weight).Array[1, 6]
                  select (new Terms(length, first), new Terms(length, second));
        gen.Sample((first, second) =>
        {
            var sum = Sum(first, Enumerable.Range(0, first.Vectors.Length));
            var expected = Enumerable.Range(0, first.Length).Select(j => Round(first.Vectors.Aggregate(BigInteger.Zero, (s, v) => s + v.Weight * Units(v.Values[j]))));
            Assert.Equal(Bits(expected), Bits(sum.Sums()));
            sum.Clear();
            Assert.Equal(0, sum.Count);
            foreach (var (values, weight) in second.Vectors)
                sum.Add(values, weight);
            var fresh = Sum(second, Enumerable.Range(0, second.Vectors.Length));
            for (int j = 0; j < second.Length; j++)
                Assert.Equal(second.Vectors.Aggregate(BigInteger.Zero, (s, v) => s + v.Weight * Units(v.Values[j])), sum.ExactUnits(j));
            Assert.Equal(Bits(fresh.Sums()), Bits(sum.Sums()));
            Assert.Equal(fresh.TotalWeight, sum.TotalWeight);
        }, iter: 1000, print: t => $"{t.Item1} | then | {t.Item2}");
    }

    [Fact]
    public void NaNOrInfinityAnywhereInALongVectorIsRefused()
    {
        foreach (int at in new[] { 0, 7, 8, 15, 16, 31, 32, 36 })
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                var values = new float[37];
                values[at] = bad;
                var sum = new ExactWeightedSum(values.Length);
                Assert.Throws<ArgumentException>(() => sum.Add(values, 1));
                Assert.Equal(0, sum.Count);
            }
    }

    [Fact]
    public void ALongVectorRoundedInBlocksOnEveryCoreGivesEachCoordinatesOwnRounding()
    {
        // Long enough that Sums() splits it into blocks; every coordinate checked against BigInteger.
        const int length = 300_007;
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 3).Select(_ => (Values: Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1) * MathF.Pow(2, random.Next(-30, 30))).ToArray(),
            Weight: (long)random.Next(1, 100_000))).ToArray();
        var sum = new ExactWeightedSum(length);
        foreach (var (values, weight) in vectors)
            sum.Add(values, weight);
        var sums = sum.Sums();
        for (int j = 0; j < length; j++)
        {
            var reference = vectors.Aggregate(BigInteger.Zero, (s, v) => s + v.Weight * Units(v.Values[j]));
            Assert.Equal(BitConverter.DoubleToUInt64Bits(Round(reference)), BitConverter.DoubleToUInt64Bits(sums[j]));
        }
    }

    [Fact]
    public void AnyOrderGivesTheSameSumsAndMeanBitForBit()
    {
        var gen = from terms in Inputs
                  from order in Gen.Shuffle(Enumerable.Range(0, terms.Vectors.Length).ToArray())
                  select (terms, order);
        gen.Sample((terms, order) =>
        {
            var inOrder = Sum(terms, Enumerable.Range(0, terms.Vectors.Length));
            var shuffled = Sum(terms, order);
            Assert.Equal(Bits(inOrder.Sums()), Bits(shuffled.Sums()));
            Assert.Equal(inOrder.Mean().Select(BitConverter.SingleToUInt32Bits), shuffled.Mean().Select(BitConverter.SingleToUInt32Bits));
        }, iter: 1000, print: t => $"{t.Item1}; order {string.Join(",", t.Item2)}");
    }

    [Fact]
    public void CarryingEveryFewVectorsChangesNoDigitOfTheSum()
    {
        // The default carries after 2^30 vectors; carrying after every 1, 2 or 3 runs the same propagation on small inputs.
        var gen = from terms in Inputs from interval in Gen.Int[1, 3] select (terms, interval);
        gen.Sample((terms, interval) =>
        {
            var carried = new ExactWeightedSum(terms.Length, interval);
            foreach (var (values, weight) in terms.Vectors)
                carried.Add(values, weight);
            var plain = Sum(terms, Enumerable.Range(0, terms.Vectors.Length));
            for (int j = 0; j < terms.Length; j++)
                Assert.Equal(plain.ExactUnits(j), carried.ExactUnits(j));
            Assert.Equal(Bits(plain.Sums()), Bits(carried.Sums()));
        }, iter: 1000, print: t => $"{t.Item1}; carry every {t.Item2}");
    }

    [Fact]
    public void CancellationLeavesTheSmallValueExactly()
    {
        var sum = new ExactWeightedSum(3);
        sum.Add([1e30f, float.MaxValue, 1e-40f], 7);
        sum.Add([1e-10f, float.Epsilon, float.Epsilon], 1);
        sum.Add([-1e30f, -float.MaxValue, -1e-40f], 7);
        Assert.Equal(Bits([(double)1e-10f, (double)float.Epsilon, (double)float.Epsilon]), Bits(sum.Sums()));
    }

    [Fact]
    public void TheLargestSumsStayExact()
    {
        var sum = new ExactWeightedSum(2);
        for (int i = 0; i < 100; i++)
            sum.Add([float.MaxValue, -float.MaxValue], long.MaxValue);
        var expected = 100 * (BigInteger)long.MaxValue * Units(float.MaxValue);
        Assert.Equal(expected, sum.ExactUnits(0));
        Assert.Equal(-expected, sum.ExactUnits(1));
        Assert.Equal(Round(expected), sum.Sums()[0]);
        Assert.Equal(-Round(expected), sum.Sums()[1]);
    }

    [Fact]
    public void TheMeanOfEqualVectorsIsThatVector()
    {
        Gen.Select(Value.Array[5], Gen.Long[1, int.MaxValue].Array[1, 20]).Sample((values, weights) =>
        {
            var sum = new ExactWeightedSum(values.Length);
            foreach (long w in weights)
                sum.Add(values, w);
            Assert.Equal(values.Select(v => BitConverter.SingleToUInt32Bits(v + 0f)), sum.Mean().Select(BitConverter.SingleToUInt32Bits));
        }, iter: 500);
    }

    [Fact]
    public void RefusesWhatItCannotSum()
    {
        var sum = new ExactWeightedSum(2);
        Assert.Throws<ArgumentException>(() => sum.Add([1f], 1));
        Assert.Throws<ArgumentException>(() => sum.Add([1f, float.NaN], 1));
        Assert.Throws<ArgumentException>(() => sum.Add([1f, float.PositiveInfinity], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sum.Add([1f, 2f], 0));
        Assert.Throws<InvalidOperationException>(() => sum.Mean());
    }
}
