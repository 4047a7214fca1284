namespace FedHybrid.Aggregation;

/// <summary>The clients a strategy asks to evaluate the global model on their own data; empty when
/// the strategy evaluates centrally only.</summary>
public sealed record EvaluatePlan(IReadOnlyList<string> Clients)
{
    public static EvaluatePlan None { get; } = new EvaluatePlan(Array.Empty<string>());
}
