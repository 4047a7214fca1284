using FedHybrid.Aggregation.SecureAggregation;

namespace FedHybrid.Aggregation.Tests.SecureAggregation;

public sealed class QuantizerTests
{
    static byte[] Seed(byte b) => Enumerable.Repeat(b, 32).ToArray();

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AClippingRangeThatIsNotPositiveAndFiniteIsRefusedByName(double range)
    {
        var e = Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(32, range, 1u << 22, 1024));
        Assert.Equal("clipRange", e.Parameter);
        Assert.Contains("must be finite and > 0", e.Message);
    }

    [Fact]
    public void ParametersThatCouldOverflowTheModulusAreRefusedWithTheReason()
    {
        // (2^32 - 1) / (2^22 - 1) = 1024.0002: 1024 clients fit, 1025 do not.
        _ = new QuantizationParameters(32, 1.0, 1u << 22, 1024);
        var e = Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(32, 1.0, 1u << 22, 1025));
        Assert.Equal("maxCohortSize", e.Parameter);
        Assert.Contains("overflows the modulus 2^32", e.Message);
        Assert.Contains("at most 1024 clients", e.Message);
        var small = Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(16, 1.0, 1u << 10, 100));
        Assert.Contains("at most 64 clients", small.Message);
    }

    [Fact]
    public void OtherBadParametersAreRefusedByName()
    {
        Assert.Equal("bits", Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(0, 1, 2, 1)).Parameter);
        Assert.Equal("bits", Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(33, 1, 2, 1)).Parameter);
        Assert.Equal("levels", Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(8, 1, 1, 1)).Parameter);
        Assert.Equal("levels", Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(8, 1, 257, 1)).Parameter);
        Assert.Equal("maxCohortSize", Assert.Throws<SecureAggregationParameterException>(() => new QuantizationParameters(8, 1, 2, 0)).Parameter);
    }

    [Fact]
    public void TheDefaultMaxCohortSumsWithoutWrappingAtTheExtremes()
    {
        var p = QuantizationParameters.Default;
        int n = p.MaxCohortSize;
        // Every client at +c quantizes to L - 1; their ring sum must dequantize to n * c, not wrap.
        var sum = new uint[2];
        var q = new uint[2];
        for (int i = 0; i < n; i++)
        {
            Quantizer.Quantize([(float)p.ClipRange, (float)-p.ClipRange], p, Seed((byte)i), q);
            RingVector.Add(sum, q);
        }
        var result = new float[2];
        Quantizer.Dequantize(sum, n, p, result);
        Assert.Equal(n * p.ClipRange, result[0], n * p.Step);
        Assert.Equal(-n * p.ClipRange, result[1], n * p.Step);
    }

    [Fact]
    public void ValuesOutsideTheRangeAreClippedAndCounted()
    {
        var p = new QuantizationParameters(32, 0.5, 1u << 20, 100);
        float[] values = [0.1f, 0.7f, -3f, 0.5f, -0.5f, 1e30f];
        var q = new uint[values.Length];
        int clipped = Quantizer.Quantize(values, p, Seed(1), q);
        Assert.Equal(3, clipped);
        Assert.Equal(p.Levels - 1, q[1]);
        Assert.Equal(0u, q[2]);
        Assert.Equal(p.Levels - 1, q[5]);
    }

    [Fact]
    public void NonFiniteValuesAreRefusedByIndex()
    {
        var q = new uint[3];
        var e = Assert.Throws<ArgumentException>(() => Quantizer.Quantize([0f, 0f, float.NaN], QuantizationParameters.Default, Seed(1), q));
        Assert.Contains("values[2]", e.Message);
    }

    [Fact]
    public void TheSameSeedGivesTheSameIntegersAndAnotherSeedOtherRoundings()
    {
        var p = QuantizationParameters.Default;
        var values = Enumerable.Range(0, 10_000).Select(i => MathF.Sin(i) * 0.9f).ToArray();
        uint[] a = new uint[values.Length], b = new uint[values.Length], c = new uint[values.Length];
        Quantizer.Quantize(values, p, Seed(7), a);
        Quantizer.Quantize(values, p, Seed(7), b);
        Quantizer.Quantize(values, p, Seed(8), c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // Rounding only ever picks one of the two neighbouring points.
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs((long)a[i] - c[i]) <= 1);
    }

    [Fact]
    public void EachValueIsWithinOneStepAndRoundingIsUnbiased()
    {
        // Few levels make the step large, so bias would show: 20,000 roundings of one value, fixed seeds.
        var p = new QuantizationParameters(16, 1.0, 5, 1000);
        const float x = 0.3f; // s = (0.3 + 1) * 2 = 2.6: rounds to 3 with probability 0.6
        double total = 0;
        var q = new uint[1];
        const int trials = 20_000;
        for (int trial = 0; trial < trials; trial++)
        {
            var seed = new byte[32];
            BitConverter.TryWriteBytes(seed, trial);
            Quantizer.Quantize([x], p, seed, q);
            double back = q[0] * p.Step - p.ClipRange;
            Assert.True(Math.Abs(back - x) < p.Step);
            total += back;
        }
        // Standard deviation of one rounding: Delta * sqrt(0.6 * 0.4) = 0.245; of the mean over 20,000:
        // 0.0017. Five of those, 0.0087, is the tolerance.
        Assert.Equal(x, total / trials, 0.0087);
    }

    [Fact]
    public void DequantizeRefusesASumNoCohortCouldProduceAndABadCount()
    {
        var p = new QuantizationParameters(32, 1.0, 1u << 10, 100);
        var result = new float[1];
        var e = Assert.Throws<ArgumentException>(() => Quantizer.Dequantize([3 * 1023u + 1], 3, p, result));
        Assert.Contains("sum[0]", e.Message);
        Assert.Equal("summands", Assert.Throws<SecureAggregationParameterException>(() => Quantizer.Dequantize([0u], 0, p, result)).Parameter);
        Assert.Equal("summands", Assert.Throws<SecureAggregationParameterException>(() => Quantizer.Dequantize([0u], 101, p, result)).Parameter);
    }
}
