namespace FedHybrid.Federation.Client;

/// <summary>How a client run ended (the process exit code of `fedhybrid client`).</summary>
public enum ClientExitCode
{
    Finished = 0,
    Failed = 1,
    RefusedAtJoin = 2,
    CoordinatorGone = 3,
    Cancelled = 4,
}
