namespace FedHybrid.Aggregation.Strategies;

/// <summary>No strategy of that name is registered; the message lists the names there are.</summary>
public sealed class UnknownStrategyException(string name, IEnumerable<string> known)
    : Exception($"unknown strategy '{name}' (valid: {string.Join(", ", known)})")
{
    public string Name { get; } = name;
}
