namespace FedHybrid.Federation.Client.Behaviors;

/// <summary><c>sign-flip</c>: trains honestly, then sends the negated delta, pushing the model up the loss it just went
/// down (the sign-flipping attack robust aggregators are evaluated against).</summary>
public sealed class SignFlipBehavior : ClientBehavior
{
    public override string Name => "sign-flip";

    public override void OnDelta(StageTaskInfo task, float[] delta) => DeltaScaling.Scale(delta, -1f);
}
