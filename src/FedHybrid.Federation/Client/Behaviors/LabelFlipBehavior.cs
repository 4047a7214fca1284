using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary><c>label-flip</c>: trains on its shard with every label y replaced by (classes - 1 - y), a data-poisoning
/// client that follows the protocol to the letter.</summary>
public sealed class LabelFlipBehavior : ClientBehavior
{
    public const int Classes = 10;

    public override string Name => "label-flip";

    public override LabeledImages OnTrainingData(StageTaskInfo task, LabeledImages shard) => Flip(shard);

    /// <summary>A copy of <paramref name="shard"/>'s labels flipped (the images are shared, not copied).</summary>
    public static LabeledImages Flip(LabeledImages shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var labels = new byte[shard.Count];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = (byte)(Classes - 1 - shard.Labels[i]);
        return shard with { Labels = labels };
    }
}
