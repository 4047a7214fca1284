namespace FedHybrid.Aggregation.Stages;

/// <summary>Thrown by a strategy's reply reader when a reply must not be used; the strategy turns it
/// into a <see cref="ReplyRejection"/> with the same reason and detail, and the round goes on.</summary>
public sealed class ReplyRejectedException(string reason, string detail) : Exception($"{reason}: {detail}")
{
    /// <summary>One of the <see cref="ReplyRejection"/> reason names.</summary>
    public string Reason { get; } = reason;

    public string Detail { get; } = detail;
}
