namespace FedHybrid.Aggregation;

/// <summary>Bytes that are not a well-formed encoded <see cref="StrategyState"/>: the message says what
/// is wrong and at which byte.</summary>
public sealed class StrategyStateFormatException(string message) : Exception(message);
