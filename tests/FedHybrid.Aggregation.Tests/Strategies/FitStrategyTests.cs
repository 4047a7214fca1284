using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FitStrategyTests
{
    static readonly string[] Ten = Enumerable.Range(1, 10).Select(i => $"c{i:00}").ToArray();

    static StageReply WithMetrics(string id, StageConfig metrics, params (string, float[])[] vectors) => new(id, metrics, StagePayload.OfVectors(vectors));

    static StageConfig Good => FitRounds.Reply("x", [0f]).Metrics;

    [Fact]
    public void BeginRoundSamplesWithTheRunSeedAndSendsTheModelAndTheTrainingSettings()
    {
        var strategy = new FedAvg(new FedAvgOptions { FractionFit = 0.3 }, FitRounds.Settings);
        var round = FitRounds.Context(4, [1f, 2f], Ten);
        var plan = strategy.BeginRound(round);
        Assert.Equal(FitProtocol.FitStage, plan.Stage);
        Assert.Equal(ClientSelector.Select(Ten, 0.3, 1, FitRounds.Settings.Seed, 4), plan.Clients);
        Assert.Equal(3, plan.Instructions.Count);
        Assert.Equal([1f, 2f], plan.Shared.Vector(FitProtocol.Model, 2));
        Assert.Single(plan.Shared.Vectors);
        Assert.All(plan.Instructions, i => Assert.Equal(FitRounds.Settings, FitSettings.FromConfig(i.Config)));
    }

    [Fact]
    public void RepliesThatBreakTheProtocolAreRejectedWithTheirReasonAndTheRestAreAggregated()
    {
        var strategy = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        string[] clients = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        var round = FitRounds.Context(1, [1f, 1f], clients);
        strategy.BeginRound(round);
        var outcome = strategy.CompleteStage(round, new StageResults(FitProtocol.FitStage,
        [
            FitRounds.Reply("a", [2f, 2f]),
            FitRounds.Reply("b", [1f, 1f, 1f]),                                                   // wrong length
            FitRounds.Reply("c", [float.NaN, 0f]),                                                // NaN
            WithMetrics("d", Good.With(FitProtocol.SampleCount, 0L), (FitProtocol.Delta, [9f, 9f])),
            WithMetrics("e", StageConfig.Empty.With(FitProtocol.TrainLoss, 0.1).With(FitProtocol.LocalSteps, 1L), (FitProtocol.Delta, [9f, 9f])),
            WithMetrics("f", Good.With(FitProtocol.SampleCount, 2.5), (FitProtocol.Delta, [9f, 9f])),   // not an integer
            FitRounds.Reply("g", [9f, 9f], more: ("extra", [0f, 0f])),
            WithMetrics("h", Good.With(FitProtocol.TrainLoss, double.PositiveInfinity), (FitProtocol.Delta, [9f, 9f])),
            FitRounds.Reply("i", [9f, 9f], steps: 0),
            FitRounds.Reply("zz", [9f, 9f]),                                                      // not instructed
        ], []));
        var result = Assert.IsType<StageOutcome.RoundDone>(outcome).Result;
        Assert.True(result.Aggregated);
        Assert.Equal([3f, 3f], result.Parameters); // only a's delta
        Assert.Equal(
            [("b", ReplyRejection.WrongSize), ("c", ReplyRejection.NotFinite), ("d", ReplyRejection.SampleCountOutOfRange),
             ("e", ReplyRejection.Malformed), ("f", ReplyRejection.Malformed), ("g", ReplyRejection.Malformed),
             ("h", ReplyRejection.NotFinite), ("i", ReplyRejection.Malformed), ("zz", ReplyRejection.NotSelected)],
            result.Rejections.Select(r => (r.ClientId, r.Reason)));
        Assert.All(result.Rejections, r => Assert.Equal(FitProtocol.FitStage, r.Stage));
        Assert.Contains("sample_count", result.Rejections.Single(r => r.ClientId == "e").Detail);
        Assert.Contains("extra", result.Rejections.Single(r => r.ClientId == "g").Detail);
    }

    public static TheoryData<string> Names => [.. StrategyRegistry.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryStrategyIsIndependentOfTheOrderRepliesArriveInBitForBit(string name)
    {
        var random = new Random(17);
        var global = Enumerable.Range(0, 300).Select(_ => (float)random.NextDouble()).ToArray();
        float[] Vector() => Enumerable.Range(0, 300).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-2f).ToArray();
        var replies = Ten.Select(id => FitRounds.Reply(id, Vector(), samples: 1 + random.Next(500), steps: 1 + random.Next(50),
            more: name == "scaffold" ? [(FitProtocol.ControlDelta, Vector())] : [])).ToArray();
        float[] RunWith(StageReplyOrder order)
        {
            var descriptor = StrategyRegistry.Find(name);
            var strategy = descriptor.Create(descriptor.DefaultOptions(), FitRounds.Settings with { Momentum = 0.9 });
            var ordered = order switch
            {
                StageReplyOrder.Forward => replies,
                StageReplyOrder.Reversed => replies.Reverse().ToArray(),
                _ => replies.OrderBy(_ => random.Next()).ToArray(),
            };
            return FitRounds.Run(strategy, FitRounds.Context(1, global, Ten), ordered).Parameters;
        }
        var forward = RunWith(StageReplyOrder.Forward);
        Assert.Equal(forward, RunWith(StageReplyOrder.Reversed));
        Assert.Equal(forward, RunWith(StageReplyOrder.Shuffled));
        Assert.NotEqual(global, forward);
    }

    enum StageReplyOrder { Forward, Reversed, Shuffled }

    [Fact]
    public void ASecondReplyFromOneClientIsRejectedAsADuplicate()
    {
        var strategy = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        var result = FitRounds.Run(strategy, FitRounds.Context(1, [0f]), FitRounds.Reply("a", [1f]), FitRounds.Reply("a", [5f]));
        Assert.Equal([1f], result.Parameters);
        Assert.Equal(ReplyRejection.Duplicate, Assert.Single(result.Rejections).Reason);
    }

    [Fact]
    public void BelowTheQuorumTheRoundKeepsTheModelAndTheStateAndSaysWhy()
    {
        var strategy = new FedAvgM(new FedAvgMOptions { MinUpdates = 2 }, FitRounds.Settings);
        float[] global = [1f, 2f];
        var result = FitRounds.Run(strategy, FitRounds.Context(1, global, "a", "b", "c"), FitRounds.Reply("a", [1f, 1f]), FitRounds.Reply("b", [1f]));
        Assert.False(result.Aggregated);
        Assert.Same(global, result.Parameters);
        Assert.Equal("1 accepted update(s), the quorum is 2", result.AbortReason);
        Assert.True(strategy.SaveState().IsEmpty);
        Assert.Single(result.Rejections);
    }

    [Fact]
    public void ANonFiniteNewModelIsRefusedAndTheStateIsNotAdvanced()
    {
        var strategy = new FedAvgM(new FedAvgMOptions(), FitRounds.Settings);
        var first = FitRounds.Run(strategy, FitRounds.Context(1, [1f]), FitRounds.Reply("a", [1f]));
        var saved = StrategyStateCodec.Encode(strategy.SaveState());
        // Each delta is finite, but 3e38 + 0.9*1 + 3e38 overflows float.
        var second = FitRounds.Run(strategy, FitRounds.Context(2, [3e38f]), FitRounds.Reply("a", [3e38f]));
        Assert.False(second.Aggregated);
        Assert.Equal([3e38f], second.Parameters);
        Assert.Contains("not finite", second.AbortReason);
        Assert.Equal(saved, StrategyStateCodec.Encode(strategy.SaveState()));
        Assert.True(first.Aggregated);
    }

    [Fact]
    public void TheEvaluateStageSendsTheNewModelAndCombinesEvaluationsByExampleCount()
    {
        var strategy = new FedAvg(new FedAvgOptions { FractionEvaluate = 0.5 }, FitRounds.Settings);
        var round = FitRounds.Context(3, [1f], Ten);
        strategy.BeginRound(round);
        var next = Assert.IsType<StageOutcome.NextStage>(strategy.CompleteStage(round, new(FitProtocol.FitStage, [FitRounds.Reply("c01", [1f])], [])));
        var plan = next.Plan;
        Assert.Equal(FitProtocol.EvaluateStage, plan.Stage);
        Assert.Equal(ClientSelector.Select(Ten, 0.5, 1, FitRounds.Settings.Seed + 1, 3), plan.Clients);
        Assert.Equal([2f], plan.Shared.Vector(FitProtocol.Model, 1));

        var evaluators = plan.Clients.ToArray();
        var done = strategy.CompleteStage(round, new(FitProtocol.EvaluateStage,
        [
            FitRounds.Evaluation(evaluators[0], 1.0, 0.5, 100),
            FitRounds.Evaluation(evaluators[1], 3.0, 1.0, 300),
            FitRounds.Evaluation(evaluators[2], 0.1, 1.5, 300),   // accuracy out of range
            FitRounds.Evaluation(evaluators[3], double.NaN, 0.5, 300),
        ], [new StageFailure(evaluators[4], StageFailure.Missing, "no reply before the deadline")]));
        var result = Assert.IsType<StageOutcome.RoundDone>(done).Result;
        // (1.0*100 + 3.0*300)/400 = 2.5, (0.5*100 + 1.0*300)/400 = 0.875
        Assert.Equal(new EvaluationSummary(2.5, 0.875, 400), result.FederatedEvaluation);
        Assert.Equal([2f], result.Parameters);
        Assert.True(result.Aggregated);
        Assert.Equal([ReplyRejection.ReportOutOfRange, ReplyRejection.NotFinite], result.Rejections.Select(r => r.Reason));
        Assert.All(result.Rejections, r => Assert.Equal(FitProtocol.EvaluateStage, r.Stage));
    }

    [Fact]
    public void TheEvaluateStageRunsEvenWhenTheRoundDidNotAggregate()
    {
        var strategy = new FedAvg(new FedAvgOptions { FractionEvaluate = 1, MinUpdates = 2 }, FitRounds.Settings);
        var round = FitRounds.Context(1, [1f], "a", "b");
        strategy.BeginRound(round);
        var next = Assert.IsType<StageOutcome.NextStage>(strategy.CompleteStage(round, new(FitProtocol.FitStage, [FitRounds.Reply("a", [1f])], [])));
        Assert.Equal([1f], next.Plan.Shared.Vector(FitProtocol.Model, 1));
        var result = Assert.IsType<StageOutcome.RoundDone>(strategy.CompleteStage(round, new(FitProtocol.EvaluateStage, [], []))).Result;
        Assert.False(result.Aggregated);
        Assert.Null(result.FederatedEvaluation);
        Assert.NotNull(result.AbortReason);
    }

    [Fact]
    public void AStageThatIsNotTheOneInProgressIsAnError()
    {
        var strategy = new FedAvg(new FedAvgOptions(), FitRounds.Settings);
        var round = FitRounds.Context(1, [1f]);
        Assert.Throws<InvalidOperationException>(() => strategy.CompleteStage(round, new(FitProtocol.FitStage, [], [])));
        strategy.BeginRound(round);
        Assert.Throws<InvalidOperationException>(() => strategy.CompleteStage(round, new(FitProtocol.EvaluateStage, [], [])));
        Assert.Throws<InvalidOperationException>(() => strategy.CompleteStage(FitRounds.Context(2, [1f]), new(FitProtocol.FitStage, [], [])));
    }

    [Fact]
    public void InvalidOptionsOrSettingsAreRefusedAtConstruction()
    {
        var error = Assert.Throws<StrategyOptionsException>(() => new FedAdam(new FedAdamOptions { Beta1 = 1, FractionFit = 0 }, FitRounds.Settings));
        Assert.Equal(["fraction_fit", "beta_1"], error.Errors.Select(e => e.Name));
        Assert.Throws<ArgumentException>(() => new FedAvg(new FedAvgOptions(), FitRounds.Settings with { LearningRate = double.NaN }));
    }
}
