using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary><c>backdoor[:GAMMA]</c>: model replacement (Bagdasaryan et al., AISTATS 2020). Trains on a shard half
/// stamped with <see cref="BackdoorTrigger"/>, then boosts its delta by GAMMA (default 10, the number of clients of a
/// 10-client FedAvg round at server learning rate 1), so that the average of the round is close to the attacker's model.</summary>
public sealed class BackdoorBehavior : ClientBehavior
{
    public const float DefaultBoost = 10;

    public BackdoorBehavior(float boost = DefaultBoost)
    {
        if (!float.IsFinite(boost) || boost <= 0)
            throw new ArgumentException($"backdoor: the boost must be a finite number above 0, not {boost}");
        Boost = boost;
    }

    public float Boost { get; }

    public override string Name => $"backdoor:{Boost.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public override LabeledImages OnTrainingData(StageTaskInfo task, LabeledImages shard) => BackdoorTrigger.Poison(shard);

    public override void OnDelta(StageTaskInfo task, float[] delta) => DeltaScaling.Scale(delta, Boost);
}
