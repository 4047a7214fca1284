namespace FedHybrid.Learning.Models;

/// <summary>
/// Forward-pass FLOPs of the layers our models use, counted as 2 x multiply-adds (the convention of
/// most throughput papers); biases, activations and pooling are left out as they are negligible.
/// </summary>
public static class Flops
{
    /// <summary>A fully connected layer: one multiply-add per weight.</summary>
    public static long Linear(int inputs, int outputs) => 2L * inputs * outputs;

    /// <summary>A 2-D convolution: one multiply-add per weight per output position.</summary>
    public static long Conv2d(int inChannels, int outChannels, int kernel, int outHeight, int outWidth) =>
        2L * inChannels * outChannels * kernel * kernel * outHeight * outWidth;
}
