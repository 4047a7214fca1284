namespace FedHybrid.Learning.Data;

/// <summary>How raw 0..255 pixels become model inputs: scaled to [0,1], then standardized with
/// Fashion-MNIST's training-set mean and standard deviation.</summary>
public static class Normalization
{
    public const float Mean = 0.2860f;
    public const float StdDev = 0.3530f;

    public static float Apply(byte pixel) => (pixel / 255f - Mean) / StdDev;
}
