namespace FedHybrid.Federation.Coordinator;

/// <summary>A client may not join; <see cref="Reason"/> says why.</summary>
public sealed class JoinRefusedException : Exception
{
    public JoinRefusedException(JoinRefusal reason, string message) : base(message) => Reason = reason;

    public JoinRefusal Reason { get; }
}
