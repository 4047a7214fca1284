namespace FedHybrid.Federation.Client.Behaviors;

/// <summary><c>scale:K</c>: trains honestly, then multiplies its delta by K before sealing it, so that a plain average
/// weights this client K times (the boosting a model-replacement attacker uses; a large K alone wrecks the model).</summary>
public sealed class ScaleBehavior : ClientBehavior
{
    public ScaleBehavior(float factor)
    {
        if (!float.IsFinite(factor) || factor == 0)
            throw new ArgumentException($"scale: the factor must be a finite, non-zero number, not {factor}");
        Factor = factor;
    }

    public float Factor { get; }

    public override string Name => $"scale:{Factor.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public override void OnDelta(StageTaskInfo task, float[] delta) => DeltaScaling.Scale(delta, Factor);
}
