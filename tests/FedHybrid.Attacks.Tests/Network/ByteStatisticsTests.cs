using FedHybrid.Attacks.Network;

namespace FedHybrid.Attacks.Tests.Network;

public sealed class ByteStatisticsTests
{
    [Theory]
    // The tabulated 0.95 and 0.05 quantiles of chi-square with 255 degrees of freedom, the critical values
    // byte-uniformity tests quote (293.25 and 219.03).
    [InlineData(293.2478, 0.05)]
    [InlineData(219.0252, 0.95)]
    public void TheUpperTailMatchesPublishedCriticalValues(double x, double p) =>
        Assert.Equal(p, ByteStatistics.UpperTail(x, 255), 3);

    // NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.4 (upper-tail critical values), 10 degrees of freedom.
    [Theory]
    [InlineData(18.307, 10, 0.05)]
    [InlineData(23.209, 10, 0.01)]
    public void TheUpperTailMatchesTheNistTable(double x, int degreesOfFreedom, double p) =>
        Assert.Equal(p, ByteStatistics.UpperTail(x, degreesOfFreedom), 4);

    [Fact]
    public void EveryByteValueEquallyOftenIsEightBitsAndChiSquareZero()
    {
        var bytes = Enumerable.Range(0, 256 * 4).Select(i => (byte)i).ToArray();
        var statistics = ByteStatistics.Of([bytes]);
        Assert.Equal(8.0, statistics.EntropyBitsPerByte, 12);
        Assert.Equal(0.0, statistics.ChiSquare, 12);
        Assert.Equal(1.0, statistics.PValue, 12);
    }

    [Fact]
    public void OneRepeatedByteIsZeroBitsAndRejectsUniform()
    {
        var statistics = ByteStatistics.Of([new byte[4096]]);
        Assert.Equal(0.0, statistics.EntropyBitsPerByte);
        Assert.Equal(255.0 * 4096, statistics.ChiSquare, 6);
        Assert.True(statistics.PValue < 1e-300);
    }
}
