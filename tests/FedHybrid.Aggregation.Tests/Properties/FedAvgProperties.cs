using CsCheck;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Aggregation.Tests.Strategies;

namespace FedHybrid.Aggregation.Tests.Properties;

/// <summary>FedAvg on generated rounds: the new model does not depend on the order the updates arrived in
/// (bit for bit), each coordinate moves to a weighted mean that lies between the smallest and largest
/// client deltas, and equal deltas move the model by exactly that delta.</summary>
public sealed class FedAvgProperties
{
    sealed record FitResult(string ClientId, float[] Delta, long SampleCount);

    /// <summary>One FedAvg round over the stage API: the fit stage's replies in the order given.</summary>
    static float[] Aggregate(float[] global, IEnumerable<FitResult> updates)
    {
        var list = updates.ToArray();
        var round = FitRounds.Context(1, global, list.Select(u => u.ClientId).Order(StringComparer.Ordinal).ToArray());
        var result = FitRounds.Run(new FedAvg(new FedAvgOptions(), FitRounds.Settings), round,
            list.Select(u => FitRounds.Reply(u.ClientId, u.Delta, u.SampleCount)).ToArray());
        Assert.True(result.Aggregated, result.AbortReason);
        return result.Parameters;
    }

    sealed record Round(float[] Global, FitResult[] Updates)
    {
        public override string ToString() => $"{Global.Length} parameters, {Updates.Length} updates ({string.Join(", ", Updates.Select(u => $"{u.ClientId}:{u.SampleCount}"))})";
    }

    /// <summary>Ordinary deltas, and values that cancel (±1e30 next to ±1 with equal weights): their sum depends
    /// on its order even in double precision, so an order-dependent average shows in the float result.</summary>
    static readonly Gen<float> Delta = Gen.OneOf<float>(Gen.Float[-1, 1], Gen.OneOf(1e30f, -1e30f, 1f, -1f, 1e-10f));

    static readonly Gen<long> Samples = Gen.OneOf<long>(Gen.Long[1, 100_000], Gen.Long[1, 3]);

    static readonly Gen<Round> Rounds =
        from parameters in Gen.Int[1, 40]
        from global in Gen.Float[-10, 10].Array[parameters]
        from count in Gen.Int[1, 12]
        from ids in Gen.Int[0, 999].HashSet[count]
        from deltas in Delta.Array[parameters].Array[count]
        from samples in Samples.Array[count]
        select new Round(global, ids.Select((id, i) => new FitResult($"client-{id:D3}", deltas[i], samples[i])).ToArray());

    static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    [Fact]
    public void TheAggregateDoesNotDependOnArrivalOrder()
    {
        var gen = from round in Rounds
                  from arrival in Gen.Shuffle(round.Updates.ToArray())
                  select (round, arrival);
        gen.Sample((round, arrival) =>
        {
            var inOrder = Aggregate(round.Global, round.Updates);
            var asArrived = Aggregate(round.Global, arrival);
            Assert.Equal(Bits(inOrder), Bits(asArrived));
        }, iter: 300, print: t => $"{t.Item1}; arrival {string.Join(", ", t.Item2.Select(u => u.ClientId))}");
    }

    [Fact]
    public void EachCoordinateMovesToAMeanBetweenTheClientDeltas()
    {
        Rounds.Sample(round =>
        {
            // From a zero model the result is the mean itself, with no rounding of the addition.
            var zero = new float[round.Global.Length];
            var mean = Aggregate(zero, round.Updates);
            for (int j = 0; j < mean.Length; j++)
            {
                Assert.InRange(mean[j], round.Updates.Min(u => u.Delta[j]), round.Updates.Max(u => u.Delta[j]));
            }
        }, iter: 300, print: r => r.ToString());
    }

    [Fact]
    public void EqualDeltasMoveTheModelByThatDelta()
    {
        Rounds.Sample(round =>
        {
            var delta = round.Updates[0].Delta;
            var same = round.Updates.Select(u => u with { Delta = delta.ToArray() }).ToArray();
            var result = Aggregate(round.Global, same);
            Assert.Equal(Bits(round.Global.Select((g, j) => g + delta[j]).ToArray()), Bits(result));
        }, iter: 300, print: r => r.ToString());
    }
}
