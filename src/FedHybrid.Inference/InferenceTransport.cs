namespace FedHybrid.Inference;

/// <summary>How `fedhybrid bench inference` carries requests to the server.</summary>
public enum InferenceTransport
{
    /// <summary>gRPC over cleartext HTTP/2 on loopback.</summary>
    Cleartext,
    /// <summary>gRPC over lab mutual TLS on loopback (an ephemeral kit).</summary>
    MutualTls,
    /// <summary>No network: messages are serialized and parsed as gRPC would, and the server is
    /// called directly (<see cref="InProcessInferenceInvoker"/>), so the figures are the work a
    /// request costs client and server, which is what sealing adds to.</summary>
    InProcess,
}
