namespace FedHybrid.Federation.Wire;

/// <summary>Why the coordinator refused a call outright (the gRPC service maps each to a status code).</summary>
public enum EndpointStatus
{
    InvalidArgument,
    Unauthenticated,
    PermissionDenied,
    FailedPrecondition,
    /// <summary>Not the caller's fault (an expired challenge): it may retry.</summary>
    Aborted,
    NotFound,
}
