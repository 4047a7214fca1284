using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Training;

namespace FedHybrid.Attacks.Poisoning;

/// <summary>What a poisoned global model does on the attacker's terms: how often the backdoor trigger makes it answer the
/// target, and how often it answers the flipped label a label-flipping client trained it on.</summary>
public sealed class AttackSuccess : IDisposable
{
    readonly LocalLearner _learner;
    readonly LabeledImages _stamped, _flipped;

    public AttackSuccess(string model, LabeledImages test)
    {
        ArgumentNullException.ThrowIfNull(test);
        _learner = new LocalLearner(model, Environment.ProcessorCount);
        var stamped = BackdoorTrigger.Stamp(test);
        _stamped = stamped with { Labels = Enumerable.Repeat(BackdoorTrigger.TargetLabel, stamped.Count).ToArray() };
        _flipped = LabelFlipBehavior.Flip(test);
    }

    /// <summary>The fraction of stamped test images whose label is not the target that the model classifies as the target.</summary>
    public double BackdoorRate(float[] weights) => _learner.Evaluate(weights, _stamped).Accuracy;

    /// <summary>The fraction of test images the model classifies as (classes - 1 - label).</summary>
    public double FlippedLabelRate(float[] weights) => _learner.Evaluate(weights, _flipped).Accuracy;

    public void Dispose() => _learner.Dispose();
}
