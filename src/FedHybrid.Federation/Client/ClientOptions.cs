using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Client;

/// <summary>Who a client expects to find at the coordinator, how it behaves, where it keeps state and
/// how it reconnects.</summary>
public sealed record ClientOptions(PublicIdentity ExpectedCoordinator)
{
    public ClientBehavior Behavior { get; init; } = new HonestBehavior();

    /// <summary>Where the client keeps state across rounds (sealed at rest); null: it keeps none.</summary>
    public string? StateDirectory { get; init; }

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Give up when the coordinator has been unreachable this long.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(120);
}
