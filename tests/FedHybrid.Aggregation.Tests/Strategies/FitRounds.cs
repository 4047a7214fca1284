using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>Drives a fit-family strategy through rounds without an engine: begin, answer the fit
/// stage with the given replies, and return the result.</summary>
static class FitRounds
{
    public static readonly FitSettings Settings = new(Epochs: 2, BatchSize: 16, LearningRate: 0.05, Momentum: 0, WeightDecay: 0, Seed: 7);

    public static RoundContext Context(int round, float[] global, params string[] clients) =>
        new(round, clients.Length == 0 ? ["a", "b"] : clients, global);

    public static StageReply Reply(string id, float[] delta, long samples = 1, long steps = 10, double loss = 0.5, params (string Name, float[] Vector)[] more) =>
        new(id, FitMessages.FitMetrics(samples, loss, steps),
            StagePayload.OfVectors([(FitProtocol.Delta, delta), .. more]));

    public static StageReply Evaluation(string id, double loss, double accuracy, long count) =>
        new(id, FitMessages.EvaluateMetrics(loss, accuracy, count), StagePayload.Empty);

    /// <summary>One round with no evaluate stage: the fit replies, and the round's result.</summary>
    public static RoundResult Run(Strategy strategy, RoundContext round, params StageReply[] replies)
    {
        var plan = strategy.BeginRound(round);
        Assert.Equal(FitProtocol.FitStage, plan.Stage);
        var outcome = strategy.CompleteStage(round, new StageResults(FitProtocol.FitStage, replies, []));
        return Assert.IsType<StageOutcome.RoundDone>(outcome).Result;
    }

    /// <summary>Completes a round already begun (its plan chose the clients) with the given fit replies.</summary>
    public static RoundResult Complete(Strategy strategy, RoundContext round, params StageReply[] replies)
    {
        var outcome = strategy.CompleteStage(round, new StageResults(FitProtocol.FitStage, replies, []));
        return Assert.IsType<StageOutcome.RoundDone>(outcome).Result;
    }
}
