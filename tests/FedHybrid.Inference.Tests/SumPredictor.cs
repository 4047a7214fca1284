using FedHybrid.Inference;

namespace FedHybrid.Inference.Tests;

/// <summary>A model whose answer is easy to check: logit c of an image is (c + 1) times the sum of its pixels.</summary>
public sealed class SumPredictor : IPredictor
{
    public int Classes => 10;

    public int Calls;

    public float[] Predict(ReadOnlySpan<float> pixels, int batch)
    {
        Interlocked.Increment(ref Calls);
        int perImage = pixels.Length / batch;
        var logits = new float[batch * Classes];
        for (int b = 0; b < batch; b++)
        {
            float sum = 0;
            foreach (var p in pixels.Slice(b * perImage, perImage))
                sum += p;
            for (int c = 0; c < Classes; c++)
                logits[b * Classes + c] = sum * (c + 1);
        }
        return logits;
    }

    public static float[] Images(int batch, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[batch * TensorCodec.PixelsPerImage];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (float)random.NextDouble();
        return pixels;
    }
}
