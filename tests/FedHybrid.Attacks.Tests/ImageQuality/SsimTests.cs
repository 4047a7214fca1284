using FedHybrid.Attacks.ImageQuality;

namespace FedHybrid.Attacks.Tests.ImageQuality;

public sealed class SsimTests
{
    // x[r, c] = ((7r + 3c) mod 16) / 15: structure everywhere, so the windows see variance.
    static GrayImage Pattern(Func<float, float> map)
    {
        var pixels = new float[28 * 28];
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++)
                pixels[r * 28 + c] = map((r * 7 + c * 3) % 16 / 15f);
        return new GrayImage(pixels, 28, 28);
    }

    static GrayImage Constant(float value) => new(Enumerable.Repeat(value, 28 * 28).ToArray(), 28, 28);

    [Fact]
    public void IdenticalImagesScoreOne()
    {
        var x = Pattern(v => v);
        Assert.Equal(1.0, Ssim.Of(x, x), 12);
        Assert.Equal(double.PositiveInfinity, Psnr.Of(x, x));
    }

    [Fact]
    public void ConstantImagesReduceToTheLuminanceTerm()
    {
        // No variance anywhere: SSIM = (2ab + C1) / (a^2 + b^2 + C1) with C1 = (0.01)^2.
        double expected = (2 * 0.5 * 0.25 + 1e-4) / (0.25 + 0.0625 + 1e-4);
        Assert.Equal(expected, Ssim.Of(Constant(0.5f), Constant(0.25f)), 6);
    }

    [Fact]
    public void MatchesTheReferenceAlgorithmOnAKnownCase()
    {
        // 0.91069038... computed independently in numpy following Wang et al.'s ssim_index.m (11x11 Gaussian,
        // sigma 1.5, 'valid' window positions, K1 0.01, K2 0.03, L 1) for y = 0.8 x^2 + 0.1.
        var x = Pattern(v => v);
        var y = Pattern(v => (float)(v * (double)v * 0.8 + 0.1));
        Assert.Equal(0.9106903840070057, Ssim.Of(x, y), 5);
    }

    [Fact]
    public void IsSymmetricAndDropsWithNoise()
    {
        var x = Pattern(v => v);
        var random = new Random(1);
        var noisy = new GrayImage(x.Pixels.Select(p => Math.Clamp(p + (float)(random.NextDouble() - 0.5) * 0.4f, 0f, 1f)).ToArray(), 28, 28);
        Assert.Equal(Ssim.Of(x, noisy), Ssim.Of(noisy, x), 12);
        Assert.InRange(Ssim.Of(x, noisy), 0.2, 0.95);
    }

    [Fact]
    public void RefusesImagesSmallerThanTheWindowOrOfOtherShape()
    {
        var small = new GrayImage(new float[100], 10, 10);
        Assert.Contains("at least 11x11", Assert.Throws<ArgumentException>(() => Ssim.Of(small, small)).Message);
        Assert.Throws<ArgumentException>(() => Ssim.Of(Constant(0), new GrayImage(new float[27 * 28], 27, 28)));
    }

    [Fact]
    public void PsnrOfAUniformErrorIsTenLog10OfOneOverItsSquare()
    {
        // Every pixel off by 0.1: MSE 0.01, PSNR 20 dB.
        Assert.Equal(20.0, Psnr.Of(Constant(0.5f), Constant(0.6f)), 4);
    }
}
