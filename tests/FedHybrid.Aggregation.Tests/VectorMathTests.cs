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
}
