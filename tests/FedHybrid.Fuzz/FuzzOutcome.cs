namespace FedHybrid.Fuzz;

/// <summary>What one input did: accepted, or refused with a typed rejection (<see cref="Rejection"/>).</summary>
public sealed record FuzzOutcome(Exception? Rejection)
{
    public bool Accepted => Rejection is null;

    public override string ToString() => Rejection is null ? "accepted" : $"rejected: {Rejection.GetType().Name}: {Rejection.Message}";
}
