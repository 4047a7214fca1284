using System.Diagnostics;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>The fit stage: wait for a training slot, train from the shared global model with the
/// instruction's settings (the proximal term included, when the strategy sends one), and answer
/// <c>delta = local - global</c> with the sample count, the mean loss and the local step count.</summary>
public sealed class FitHandler : IStageHandler
{
    public string Stage => FitProtocol.FitStage;

    public async Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using (await work.AcquireTrainingSlotAsync(cancellationToken).ConfigureAwait(false))
        {
            work.Timings.SlotWaitMs = clock.Elapsed.TotalMilliseconds;
            var global = (float[])work.Shared.Vector(FitProtocol.Model, work.Trainer.ParameterCount).Clone();
            work.Behavior.OnModel(work.Task, global);
            var config = work.Config;
            var settings = new TrainingSettings((int)config.Integer(FitProtocol.Epochs), (int)config.Integer(FitProtocol.BatchSize),
                config.FiniteNumber(FitProtocol.LearningRate), config.FiniteNumber(FitProtocol.Momentum),
                config.FiniteNumber(FitProtocol.WeightDecay), config.NumberOr(FitProtocol.ProximalMu, 0));
            int seed = SeedDerivation.ClientSeed(config.Integer(FitProtocol.Seed), work.Task.Round, work.Task.ClientId);
            clock.Restart();
            var trainer = work.Trainer;
            var fit = await Task.Run(() => trainer.Fit(global, settings, seed, cancellationToken), cancellationToken).ConfigureAwait(false);
            work.Timings.WorkMs = clock.Elapsed.TotalMilliseconds;
            var delta = new float[global.Length];
            for (int i = 0; i < delta.Length; i++)
                delta[i] = fit.Weights[i] - global[i];
            work.Behavior.OnDelta(work.Task, delta);
            var metrics = StageConfig.Empty
                .With(FitProtocol.SampleCount, fit.SampleCount)
                .With(FitProtocol.TrainLoss, fit.TrainLoss)
                .With(FitProtocol.LocalSteps, (long)fit.Steps);
            return new StageAnswer(metrics, StagePayload.OfVectors((FitProtocol.Delta, delta)));
        }
    }
}
