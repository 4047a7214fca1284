namespace FedHybrid.Attacks.ImageQuality;

/// <summary>One grayscale image, row-major, its values in [0, 1] (the range PSNR and SSIM are taken over).</summary>
public sealed record GrayImage(float[] Pixels, int Rows, int Cols)
{
    public float this[int row, int col] => Pixels[row * Cols + col];

    /// <summary>A model input (standardized with <paramref name="mean"/> and <paramref name="stdDev"/>) back in
    /// [0, 1]: x * std + mean, clamped, so a reconstruction is judged on the scale a person sees.</summary>
    public static GrayImage FromStandardized(ReadOnlySpan<float> standardized, int rows, int cols, float mean, float stdDev)
    {
        if (standardized.Length != rows * cols)
            throw new ArgumentException($"{standardized.Length} values do not make a {rows}x{cols} image", nameof(standardized));
        var pixels = new float[standardized.Length];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = Math.Clamp(standardized[i] * stdDev + mean, 0f, 1f);
        return new GrayImage(pixels, rows, cols);
    }

    internal void RequireSameShape(GrayImage other, string name)
    {
        if (Rows != other.Rows || Cols != other.Cols || Pixels.Length != Rows * Cols || other.Pixels.Length != other.Rows * other.Cols)
            throw new ArgumentException($"images differ in shape: {Rows}x{Cols} and {other.Rows}x{other.Cols}", name);
    }
}
