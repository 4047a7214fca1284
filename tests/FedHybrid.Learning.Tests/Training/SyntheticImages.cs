using FedHybrid.Learning.Data;

namespace FedHybrid.Learning.Tests.Training;

/// <summary>Learnable fake 28x28 images: class c lights a 7x7 block at one of 10 places, plus noise.</summary>
static class SyntheticImages
{
    public static LabeledImages Create(int count, int seed)
    {
        const int side = 28;
        var random = new Random(seed);
        var pixels = new float[count * side * side];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            labels[i] = (byte)label;
            int top = label / 4 * 7, left = label % 4 * 7;
            var image = pixels.AsSpan(i * side * side, side * side);
            for (int p = 0; p < image.Length; p++) image[p] = (float)(random.NextDouble() - 0.5);
            for (int r = top; r < top + 7; r++)
                for (int c = left; c < left + 7; c++) image[r * side + c] += 1.5f;
        }
        return new LabeledImages(pixels, labels, side, side);
    }
}
