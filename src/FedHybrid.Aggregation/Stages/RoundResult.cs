namespace FedHybrid.Aggregation.Stages;

/// <summary>
/// How a round ended. <paramref name="Parameters"/> is the new global model (the old one when the round
/// did not aggregate). <paramref name="AbortReason"/> says why it did not (quorum not reached, too many
/// dropouts for secure aggregation ...). <paramref name="Metrics"/> are the strategy's own figures for
/// metrics.csv (values clipped, epsilon ...); <paramref name="FederatedEvaluation"/> the clients' evaluation.
/// </summary>
public sealed record RoundResult(float[] Parameters, bool Aggregated, string? AbortReason, StageConfig Metrics,
    EvaluationSummary? FederatedEvaluation = null)
{
    public static RoundResult Aborted(float[] previous, string reason) => new(previous, false, reason, StageConfig.Empty);

    /// <summary>Replies of any stage of the round that the strategy refused to use, in stage order and
    /// then by client id; the engine counts them as rejected, like the failures it found itself.</summary>
    public IReadOnlyList<ReplyRejection> Rejections { get; init; } = [];
}
