namespace FedHybrid.Aggregation.SecureAggregation;

/// <summary>A secure-aggregation parameter is out of range or the parameters together are unsafe (for
/// example, the sum of the largest allowed cohort could overflow the modulus). The message names the
/// parameter, the value given and what is allowed.</summary>
public sealed class SecureAggregationParameterException(string parameter, string message)
    : ArgumentException($"{parameter}: {message}", parameter)
{
    /// <summary>The parameter the problem is about, e.g. <c>clipRange</c>.</summary>
    public string Parameter { get; } = parameter;
}
