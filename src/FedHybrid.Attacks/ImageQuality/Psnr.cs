namespace FedHybrid.Attacks.ImageQuality;

/// <summary>Peak signal-to-noise ratio over [0, 1] images: 10 log10(1 / MSE) dB. Identical images give +infinity.</summary>
public static class Psnr
{
    public static double Of(GrayImage reference, GrayImage test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        reference.RequireSameShape(test, nameof(test));
        double squared = 0;
        for (int i = 0; i < reference.Pixels.Length; i++)
        {
            double d = reference.Pixels[i] - (double)test.Pixels[i];
            squared += d * d;
        }
        double mse = squared / reference.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
    }
}
