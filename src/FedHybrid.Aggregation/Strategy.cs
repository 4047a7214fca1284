namespace FedHybrid.Aggregation;

/// <summary>
/// How a federated run chooses clients and combines their work, after Flower's <c>Strategy</c>:
/// a handful of hooks the coordinator calls each round. A new strategy is one file that overrides
/// some of them; the coordinator, sockets and keys do not change.
/// </summary>
public abstract class Strategy
{
    public abstract string Name { get; }

    /// <summary>The initial global parameters, or null to use the model's own initialization.</summary>
    public virtual float[]? InitializeParameters() => null;

    /// <summary>Which of the <paramref name="clients"/> (all provisioned ids) train in <paramref name="round"/>.</summary>
    public abstract FitPlan ConfigureFit(int round, IReadOnlyList<string> clients);

    /// <summary>The new global parameters from the current ones and the accepted updates.</summary>
    public abstract float[] AggregateFit(int round, ReadOnlySpan<float> global, IReadOnlyList<FitResult> results);

    /// <summary>Which clients evaluate the new global model on their own data (none by default).</summary>
    public virtual EvaluatePlan ConfigureEvaluate(int round, IReadOnlyList<string> clients) => EvaluatePlan.None;

    /// <summary>Combines client evaluations, weighted by example count; null when there are none.</summary>
    public virtual EvaluationSummary? AggregateEvaluate(int round, IReadOnlyList<ClientEvaluation> results)
    {
        long total = 0;
        double loss = 0, accuracy = 0;
        foreach (var r in results)
        {
            total += r.Summary.Count;
            loss += r.Summary.Loss * r.Summary.Count;
            accuracy += r.Summary.Accuracy * r.Summary.Count;
        }
        return total == 0 ? null : new EvaluationSummary(loss / total, accuracy / total, total);
    }

    /// <summary>Centralized evaluation of the global parameters (e.g. on the test set); null if none.</summary>
    public virtual EvaluationSummary? Evaluate(int round, float[] parameters) => null;
}
