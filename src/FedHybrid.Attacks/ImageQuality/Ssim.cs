namespace FedHybrid.Attacks.ImageQuality;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 2004), as their reference ssim_index.m
/// computes it: local statistics under an 11x11 circular Gaussian window of sigma 1.5 (normalized to sum 1),
/// taken only where the window fits inside the image ("valid"), C1 = (K1 L)^2 and C2 = (K2 L)^2 with
/// K1 = 0.01, K2 = 0.03 and dynamic range L = 1, and the mean of the SSIM map. Images smaller than the window
/// are refused rather than padded, since padding changes the figure.
/// </summary>
public static class Ssim
{
    public const int WindowSize = 11;
    public const double WindowSigma = 1.5, K1 = 0.01, K2 = 0.03, DynamicRange = 1.0;

    static readonly double[] Window = GaussianWindow();

    public static double Of(GrayImage x, GrayImage y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        x.RequireSameShape(y, nameof(y));
        if (x.Rows < WindowSize || x.Cols < WindowSize)
            throw new ArgumentException($"SSIM needs images of at least {WindowSize}x{WindowSize}; got {x.Rows}x{x.Cols}", nameof(x));
        double c1 = K1 * DynamicRange * (K1 * DynamicRange), c2 = K2 * DynamicRange * (K2 * DynamicRange);
        int outRows = x.Rows - WindowSize + 1, outCols = x.Cols - WindowSize + 1;
        double total = 0;
        for (int r = 0; r < outRows; r++)
            for (int c = 0; c < outCols; c++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int i = 0; i < WindowSize; i++)
                    for (int j = 0; j < WindowSize; j++)
                    {
                        double w = Window[i * WindowSize + j], a = x[r + i, c + j], b = y[r + i, c + j];
                        mx += w * a;
                        my += w * b;
                        xx += w * a * a;
                        yy += w * b * b;
                        xy += w * a * b;
                    }
                double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
                total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        return total / (outRows * outCols);
    }

    static double[] GaussianWindow()
    {
        var window = new double[WindowSize * WindowSize];
        int half = WindowSize / 2;
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
            for (int j = 0; j < WindowSize; j++)
            {
                double di = i - half, dj = j - half;
                sum += window[i * WindowSize + j] = Math.Exp(-(di * di + dj * dj) / (2 * WindowSigma * WindowSigma));
            }
        for (int k = 0; k < window.Length; k++) window[k] /= sum;
        return window;
    }
}
