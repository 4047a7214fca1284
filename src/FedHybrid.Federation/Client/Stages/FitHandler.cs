using System.Diagnostics;
using FedHybrid.Aggregation;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Federation.Training;

namespace FedHybrid.Federation.Client.Stages;

/// <summary>
/// The fit stage: wait for a training slot (given back and taken again between batches when the coordinator's grant
/// says so: <see cref="TrainingTurns"/>), train from the shared global model with the instruction's
/// settings (the proximal term included, when the strategy sends one), and answer
/// <c>delta = local - global</c> with the sample count, the mean loss and the local step count. When the
/// shared payload carries SCAFFOLD's server control variate c, every local gradient is corrected by
/// c - c_i, and the reply carries c_i+ - c_i; c_i lives sealed in the client's state directory and
/// moves to c_i+ only once the coordinator accepted the reply (kept per round, so a round repeated
/// after a coordinator restart starts from the same c_i).
/// </summary>
public sealed class FitHandler : IStageHandler
{
    public const string ControlStateName = "scaffold-control";

    public string Stage => FitProtocol.FitStage;

    public async Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using (var turns = await TrainingTurns.BeginAsync(work.AcquireTrainingSlotAsync, TimeProvider.System, cancellationToken).ConfigureAwait(false))
        {
            work.Timings.SlotWaitMs = clock.Elapsed.TotalMilliseconds;
            int n = work.Trainer.ParameterCount;
            // This client's own decoded copy, which nothing else reads: training only reads it.
            var global = work.Shared.Vector(FitProtocol.Model, n);
            work.Behavior.OnModel(work.Task, global);
            var fit = FitSettings.FromConfig(work.Config);
            var settings = new TrainingSettings(fit.Epochs, fit.BatchSize, fit.LearningRate, fit.Momentum, fit.WeightDecay, FitMessages.ProximalMu(work.Config));
            int seed = SeedDerivation.ClientSeed(fit.Seed, work.Task.Round, work.Task.ClientId);

            float[]? serverControl = work.Shared.Vectors.ContainsKey(FitProtocol.Control) ? work.Shared.Vector(FitProtocol.Control, n) : null;
            var state = serverControl is null ? null : States(work);
            var clientControl = serverControl is null ? null : state!.Load(ControlStateName, work.Task.Round) ?? new float[n];
            if (clientControl is not null && clientControl.Length != n)
                throw new StageConfigException($"the saved control variate has {clientControl.Length} values, the model {n}");
            var correction = serverControl is null ? null : ScaffoldControl.Correction(serverControl, clientControl);

            clock.Restart();
            var trainer = work.Trainer;
            var result = await Task.Run(() => trainer.Fit(global, settings, seed, cancellationToken, correction,
                shard => work.Behavior.OnTrainingData(work.Task, shard), turns.YieldIfDue), cancellationToken).ConfigureAwait(false);
            // Waiting for a later turn is waiting for a slot, not work.
            work.Timings.SlotWaitMs += turns.Waited.TotalMilliseconds;
            work.Timings.WorkMs = clock.Elapsed.TotalMilliseconds - turns.Waited.TotalMilliseconds;
            var nextControl = serverControl is null ? null
                : ScaffoldControl.ClientUpdate(clientControl, serverControl, global, result.Weights, result.Steps, fit.LearningRate);
            // The trained weights are this stage's own array, read by nothing after this: they become the delta in place.
            var delta = VectorMath.SubtractInPlace(result.Weights, global);
            work.Behavior.OnDelta(work.Task, delta);
            var metrics = FitMessages.FitMetrics(result.SampleCount, result.TrainLoss, result.Steps);
            if (nextControl is null)
                return new StageAnswer(metrics, StagePayload.OfVectors((FitProtocol.Delta, delta)));

            return new StageAnswer(metrics, StagePayload.OfVectors((FitProtocol.Delta, delta), (FitProtocol.ControlDelta, VectorMath.Subtract(nextControl, clientControl!))))
            {
                OnAccepted = () => state!.Save(ControlStateName, work.Task.Round, nextControl),
            };
        }
    }

    static ClientStateStore States(StageWork work) => new(
        work.StateDirectory ?? throw new StageConfigException("SCAFFOLD keeps a control variate on the client, which needs a state directory (--state)"),
        work.Crypto, work.Task.RunId);
}
