using FedHybrid.Aggregation;

namespace FedHybrid.Aggregation.Tests;

public sealed class VectorMathTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void AllFiniteFindsANonFiniteValueAnywhere(float bad)
    {
        var values = new float[1000];
        Assert.True(VectorMath.AllFinite(values));
        values[999] = bad;
        Assert.False(VectorMath.AllFinite(values));
    }

    [Fact]
    public void WeightedAverageMatchesTheDefinition()
    {
        var mean = VectorMath.WeightedAverage([[0f, 10f], [4f, 2f]], [1, 3]);
        Assert.Equal([3f, 4f], mean);
    }

    [Fact]
    public void WeightedAverageRefusesBadInput()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedAverage([], []));
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedAverage([[1f], [1f, 2f]], [1, 1]));
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedAverage([[1f]], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.WeightedAverage([[1f]], [0]));
    }

    [Fact]
    public void AddIsElementWise()
    {
        Assert.Equal([4f, 6f], VectorMath.Add([1f, 2f], [3f, 4f]));
        Assert.Throws<ArgumentException>(() => VectorMath.Add([1f], [1f, 2f]));
    }

    [Fact]
    public void SubtractIsElementWise()
    {
        Assert.Equal([-2f, 2f], VectorMath.Subtract([1f, 6f], [3f, 4f]));
        Assert.Throws<ArgumentException>(() => VectorMath.Subtract([1f], [1f, 2f]));
        float[] a = [1f, 6f, 0.1f];
        Assert.Same(a, VectorMath.SubtractInPlace(a, [3f, 4f, 0.3f]));
        Assert.Equal(VectorMath.Subtract([1f, 6f, 0.1f], [3f, 4f, 0.3f]), a);
        Assert.Throws<ArgumentException>(() => VectorMath.SubtractInPlace([1f], [1f, 2f]));
    }

    [Fact]
    public void WeightedSumMatchesTheDefinitionInDouble()
    {
        // 0.5*[1, 2] + (-2)*[0.25, 1] + 3*[1, 0] = [3, -1]
        Assert.Equal([3.0, -1.0], VectorMath.WeightedSum([[1f, 2f], [0.25f, 1f], [1f, 0f]], [0.5, -2, 3]));
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedSum([], []));
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedSum([[1f], [1f, 2f]], [1, 1]));
        Assert.Throws<ArgumentException>(() => VectorMath.WeightedSum([[1f]], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectorMath.WeightedSum([[1f]], [double.NaN]));
    }
    [Fact]
    public void SquaredDistanceAndNormMatchTheDefinitionAtEveryLengthAroundTheLaneWidth()
    {
        var random = new Random(5);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 1001 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double expected = a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum();
            Assert.Equal(expected, VectorMath.SquaredDistance(a, b), 1e-12 * Math.Max(1, expected));
            Assert.Equal(Math.Sqrt(a.Sum(x => (double)x * x)), VectorMath.Norm(a), 1e-12 * Math.Max(1, length));
        }
        // Small integers are exact: 10 coordinates (one lane block and a tail) of difference 1..10.
        float[] ones = Enumerable.Range(1, 10).Select(i => (float)i).ToArray();
        Assert.Equal(385.0, VectorMath.SquaredDistance(ones, new float[10]));
        Assert.Equal(5.0, VectorMath.Norm([3f, 4f]));
        Assert.Throws<ArgumentException>(() => VectorMath.SquaredDistance([1f], [1f, 2f]));
    }
}
