namespace FedHybrid.Federation.Wire;

/// <summary>A call the coordinator refuses outright, with the status that says why: thrown by the
/// coordinator's endpoint, and by a client channel when the coordinator refused.</summary>
public sealed class EndpointException(EndpointStatus status, string message) : Exception(message)
{
    public EndpointStatus Status { get; } = status;
}
