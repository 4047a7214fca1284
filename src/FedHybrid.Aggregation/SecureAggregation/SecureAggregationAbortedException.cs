namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>The round cannot be unmasked; <see cref="Reason"/> says why. The round keeps the previous model.</summary>
public sealed class SecureAggregationAbortedException(SecureAggregationAbort reason)
    : Exception($"secure aggregation aborted: {reason.Message}")
{
    public SecureAggregationAbort Reason { get; } = reason;
}
