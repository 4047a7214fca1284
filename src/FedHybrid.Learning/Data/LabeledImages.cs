namespace FedHybrid.Learning.Data;

/// <summary>
/// Grayscale images as one contiguous buffer of shape [Count, 1, Rows, Cols] (normalized floats, see
/// <see cref="Normalization"/>) with their class labels. One buffer, so a batch is a slice, not a copy.
/// </summary>
public sealed record LabeledImages(float[] Pixels, byte[] Labels, int Rows, int Cols)
{
    public int Count => Labels.Length;

    public int PixelsPerImage => Rows * Cols;

    /// <summary>The images at <paramref name="indices"/>, in that order, copied into a new buffer.</summary>
    public LabeledImages Subset(ReadOnlySpan<int> indices)
    {
        int size = PixelsPerImage;
        var pixels = new float[indices.Length * size];
        var labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {source} is outside 0..{Count - 1}");
            Pixels.AsSpan(source * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[source];
        }
        return new LabeledImages(pixels, labels, Rows, Cols);
    }
}
