namespace FedHybrid.Inference;

/// <summary>A cached-context request does not fit its session: unknown or expired session, a
/// sequence number out of order, or a session id already in use.</summary>
public sealed class InferenceSessionException : Exception
{
    public InferenceSessionException(string message) : base(message) { }
}
