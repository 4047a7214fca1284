using System.Diagnostics;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Aggregation.Stages;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>The evaluate stage: the shared global model's loss and accuracy on this client's own data.</summary>
public sealed class EvaluateHandler : IStageHandler
{
    public string Stage => FitProtocol.EvaluateStage;

    public async Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var global = work.Shared.Vector(FitProtocol.Model, work.Trainer.ParameterCount);
        var clock = Stopwatch.StartNew();
        var trainer = work.Trainer;
        var summary = await Task.Run(() => trainer.Evaluate(global), cancellationToken).ConfigureAwait(false);
        work.Timings.WorkMs = clock.Elapsed.TotalMilliseconds;
        return new StageAnswer(FitMessages.EvaluateMetrics(summary.Loss, summary.Accuracy, summary.Count), StagePayload.Empty);
    }
}
