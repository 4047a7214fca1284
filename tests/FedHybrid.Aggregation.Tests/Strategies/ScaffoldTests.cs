using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class ScaffoldTests
{
    static readonly string[] Four = ["a", "b", "c", "d"];

    [Fact]
    public void TheServerMovesByTheMeanDeltaAndTheControlByTheParticipatingShareOfTheMeanControlDelta()
    {
        var strategy = new Scaffold(new ScaffoldOptions(), FitRounds.Settings);
        var round = FitRounds.Context(1, [1f, 2f], Four);
        var plan = strategy.BeginRound(round);
        Assert.Equal(4, plan.Instructions.Count);
        Assert.Equal([0f, 0f], plan.Shared.Vector(FitProtocol.Control, 2)); // c starts at 0
        Assert.Same(round.Global, plan.Shared.Vector(FitProtocol.Model, 2));

        // Two of N = 4 reply (with very different sample counts: the paper's means are unweighted).
        var result = strategy.CompleteStage(round, new(FitProtocol.FitStage,
        [
            FitRounds.Reply("a", [0.4f, -0.2f], samples: 100, more: (FitProtocol.ControlDelta, [0.2f, 0.1f])),
            FitRounds.Reply("b", [0f, 0.6f], samples: 300, more: (FitProtocol.ControlDelta, [-0.4f, 0.3f])),
        ], []));
        // x = [1,2] + 1.0 * mean([0.4,-0.2],[0,0.6]) = [1.2, 2.2]
        // c = 0 + (2/4) * mean([0.2,0.1],[-0.4,0.3]) = 0.5*[-0.1, 0.2] = [-0.05, 0.1]
        var done = Assert.IsType<Aggregation.Stages.StageOutcome.RoundDone>(result).Result;
        Assert.Equal([1.2000000476837158f, 2.200000047683716f], done.Parameters);
        Assert.Equal([-0.05000000074505806f, 0.10000000149011612f], strategy.SaveState().Vectors[Scaffold.ControlState]);
        Assert.Equal([-0.05000000074505806f, 0.10000000149011612f], strategy.BeginRound(FitRounds.Context(2, done.Parameters, Four)).Shared.Vector(FitProtocol.Control, 2));
    }

    [Fact]
    public void AReplyWithoutTheControlDeltaIsRejected()
    {
        var strategy = new Scaffold(new ScaffoldOptions(), FitRounds.Settings);
        var result = FitRounds.Run(strategy, FitRounds.Context(1, [1f]), FitRounds.Reply("a", [1f]),
            FitRounds.Reply("b", [1f], more: (FitProtocol.ControlDelta, [0.5f])));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(("a", Aggregation.Stages.ReplyRejection.Malformed), (rejection.ClientId, rejection.Reason));
        Assert.Contains(FitProtocol.ControlDelta, rejection.Detail);
    }
}
