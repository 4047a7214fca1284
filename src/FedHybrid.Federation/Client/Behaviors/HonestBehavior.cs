namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>Follows the protocol.</summary>
public sealed class HonestBehavior : ClientBehavior
{
    public override string Name => "honest";
}
