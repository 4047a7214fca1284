using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Client;

/// <summary>Where a client connects, who it expects to find there, and how it reconnects.</summary>
public sealed record ClientOptions(Uri Coordinator, PublicIdentity ExpectedCoordinator)
{
    public ClientBehavior Behavior { get; init; } = ClientBehavior.Honest;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Give up when the coordinator has been unreachable this long.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Makes the HTTP handler of each channel (a lab sets client certificates and the CA
    /// here); null for the default handler.</summary>
    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; }
}
