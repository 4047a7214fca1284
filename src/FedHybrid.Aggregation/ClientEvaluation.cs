namespace FedHybrid.Aggregation;

/// <summary>A client's evaluation of the global model on its own data.</summary>
public sealed record ClientEvaluation(string ClientId, EvaluationSummary Summary);
