namespace FedHybrid.Attacks.Network;

/// <summary>Which way a recorded message travelled through the proxy.</summary>
public enum WireDirection
{
    /// <summary>From a client to the coordinator (requests, reply chunks).</summary>
    ToCoordinator,
    /// <summary>From the coordinator to a client (responses, tasks, part chunks).</summary>
    ToClient,
}
