using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>Save after a round, encode, decode, restore into a fresh instance: the next round is the same to
/// the bit as continuing the original; a fresh instance without the state is not.</summary>
public sealed class StrategyStateResumeTests
{
    public static TheoryData<string> Stateful => ["fedavgm", "fedadagrad", "fedadam", "fedyogi", "scaffold"];

    static Strategy Fresh(string name)
    {
        var descriptor = StrategyRegistry.Find(name);
        return descriptor.Create(descriptor.DefaultOptions(), FitRounds.Settings);
    }

    static Aggregation.Stages.StageReply[] Replies(int round)
    {
        var random = new Random(round);
        float[] Vector() => Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        return new[] { "a", "b", "c" }.Select(id => FitRounds.Reply(id, Vector(), samples: 10 + random.Next(90), more: (FitProtocol.ControlDelta, Vector()))).ToArray();
    }

    static float[] Round(Strategy strategy, int round, float[] global)
    {
        var context = FitRounds.Context(round, global, "a", "b", "c", "d");
        var replies = strategy is Scaffold ? Replies(round) : Replies(round).Select(r => r with { Payload = Aggregation.Stages.StagePayload.OfVectors((FitProtocol.Delta, r.Payload.Vectors[FitProtocol.Delta])) }).ToArray();
        return FitRounds.Run(strategy, context, replies).Parameters;
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void ARestoredStrategyContinuesBitForBit(string name)
    {
        var original = Fresh(name);
        var global = Enumerable.Range(0, 64).Select(i => i / 64f).ToArray();
        global = Round(original, 1, global);
        global = Round(original, 2, global);
        var bytes = StrategyStateCodec.Encode(original.SaveState());
        Assert.False(original.SaveState().IsEmpty);

        var restored = Fresh(name);
        restored.RestoreState(StrategyStateCodec.Decode(bytes));
        var continued = Round(original, 3, global);
        var resumed = Round(restored, 3, global);
        Assert.Equal(continued, resumed);
        Assert.Equal(StrategyStateCodec.Encode(original.SaveState()), StrategyStateCodec.Encode(restored.SaveState()));

        // Without the state the round differs: in the model (server optimizers) or in the state that
        // the next round's clients get (SCAFFOLD's c does not enter this round's x).
        var fresh = Fresh(name);
        var alone = Round(fresh, 3, global);
        Assert.False(alone.SequenceEqual(continued) && StrategyStateCodec.Encode(fresh.SaveState()).SequenceEqual(StrategyStateCodec.Encode(original.SaveState())));
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void AStateOfAnotherShapeIsRefused(string name)
    {
        var strategy = Fresh(name);
        var wrong = new StrategyState(Aggregation.Stages.StageConfig.Empty, new Dictionary<string, float[]> { ["unknown"] = [1f] });
        Assert.Throws<ArgumentException>(() => strategy.RestoreState(wrong));
    }
}
