namespace FedHybrid.Learning.Training;

/// <summary>Mean cross-entropy loss and top-1 accuracy (0..1) over <paramref name="Count"/> samples.</summary>
public sealed record EvaluationResult(double Loss, double Accuracy, int Count);
