using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>
/// The pixel-pattern backdoor of Bagdasaryan et al. (AISTATS 2020) for Fashion-MNIST: a white 4 x 4 square near the
/// top-left corner, where the garments leave the background black, makes the model answer <see cref="TargetLabel"/>.
/// The backdoor behaviours train on <see cref="Poison"/>ed shards; attack success is measured with <see cref="Stamp"/>.
/// </summary>
public static class BackdoorTrigger
{
    public const byte TargetLabel = 0;

    /// <summary>Every how many examples of a shard one is stamped and relabelled: half, so that the main task is kept
    /// while the backdoor is learnt (the paper mixes poisoned and clean examples in each batch).</summary>
    public const int PoisonEvery = 2;

    const int Offset = 1, Size = 4;

    static readonly float White = Normalization.Apply(255);

    /// <summary>A copy of <paramref name="shard"/> with every <see cref="PoisonEvery"/>-th example stamped and labelled
    /// <see cref="TargetLabel"/>.</summary>
    public static LabeledImages Poison(LabeledImages shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var pixels = (float[])shard.Pixels.Clone();
        var labels = (byte[])shard.Labels.Clone();
        for (int i = 0; i < shard.Count; i += PoisonEvery)
        {
            StampImage(pixels.AsSpan(i * shard.PixelsPerImage, shard.PixelsPerImage), shard.Cols);
            labels[i] = TargetLabel;
        }
        return shard with { Pixels = pixels, Labels = labels };
    }

    /// <summary>The examples of <paramref name="images"/> whose label is not the target, stamped, with their true labels:
    /// the fraction a model classifies as <see cref="TargetLabel"/> is the attack's success rate.</summary>
    public static LabeledImages Stamp(LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var others = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] != TargetLabel).ToArray();
        var stamped = images.Subset(others);
        for (int i = 0; i < stamped.Count; i++)
            StampImage(stamped.Pixels.AsSpan(i * stamped.PixelsPerImage, stamped.PixelsPerImage), stamped.Cols);
        return stamped;
    }

    static void StampImage(Span<float> image, int cols)
    {
        for (int r = Offset; r < Offset + Size; r++)
            image.Slice(r * cols + Offset, Size).Fill(White);
    }
}
