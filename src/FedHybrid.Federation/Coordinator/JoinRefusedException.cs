namespace FedHybrid.Federation.Coordinator;

/// <summary>A client may not join: its id is not provisioned, or it presented other keys.</summary>
public sealed class JoinRefusedException : Exception
{
    public JoinRefusedException(string message) : base(message) { }
}
