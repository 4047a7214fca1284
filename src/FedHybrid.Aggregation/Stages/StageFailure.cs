namespace FedHybrid.Aggregation.Stages;

/// <summary>An instructed client that produced no usable reply: <paramref name="Reason"/> is a rejection
/// name (missing when it dropped out before the deadline; tampered, replayed, malformed, not-finite ...
/// when the engine refused what it sent) and <paramref name="Detail"/> says what exactly.</summary>
public sealed record StageFailure(string ClientId, string Reason, string Detail)
{
    public const string Missing = "missing";

    public bool Dropped => Reason == Missing;
}
