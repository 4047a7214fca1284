namespace FedHybrid.Federation.Wire;

/// <summary>A client channel could not reach the coordinator, or lost it mid-call: the client backs
/// off and reconnects, unlike after an <see cref="EndpointException"/>.</summary>
public sealed class CoordinatorUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
