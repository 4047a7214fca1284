namespace FedHybrid.Aggregation;

/// <summary>Loss and accuracy of a model over <see cref="Count"/> examples.</summary>
public sealed record EvaluationSummary(double Loss, double Accuracy, long Count);
