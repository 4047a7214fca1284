using FedHybrid.Aggregation;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary><c>backdoor-norm:BOUND</c>: the backdoor of <see cref="BackdoorBehavior"/> against a coordinator that clips
/// each update to L2 norm BOUND (Sun et al. 2019). Instead of a fixed boost it scales its delta to norm exactly BOUND:
/// the strongest update that passes the clipping unchanged.</summary>
public sealed class NormBoundedBackdoorBehavior : ClientBehavior
{
    public NormBoundedBackdoorBehavior(float bound)
    {
        if (!float.IsFinite(bound) || bound <= 0)
            throw new ArgumentException($"backdoor-norm: the norm bound must be a finite number above 0, not {bound}");
        Bound = bound;
    }

    public float Bound { get; }

    public override string Name => $"backdoor-norm:{Bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public override LabeledImages OnTrainingData(StageTaskInfo task, LabeledImages shard) => BackdoorTrigger.Poison(shard);

    public override void OnDelta(StageTaskInfo task, float[] delta)
    {
        double norm = VectorMath.Norm(delta);
        if (norm > 0)
            DeltaScaling.Scale(delta, (float)(Bound / norm));
    }
}
