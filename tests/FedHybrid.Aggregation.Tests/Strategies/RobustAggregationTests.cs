using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>
/// One hostile update among ten: client-3 sends its honest delta scaled by 100, or sign-flipped and
/// scaled by 100. Plain FedAvg's step lands about 10 honest-delta lengths from the honest clients'
/// mean; every robust aggregator's lands within the honest updates' own spread of it (norm bounding:
/// within that plus the attacker's bounded share, 2M / n).
/// </summary>
public sealed class RobustAggregationTests
{
    const int Length = 40, Clients = 10, Hostile = 3;

    static readonly string[] Ids = Enumerable.Range(0, Clients).Select(i => $"client-{i}").ToArray();

    /// <summary>Honest deltas: a common direction (norm about 1.3) plus per-client noise (norm about 0.13).</summary>
    static float[][] HonestDeltas()
    {
        var random = new Random(12);
        var common = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 0.4 - 0.2)).ToArray();
        return Ids.Select(_ => common.Select(c => c + (float)(random.NextDouble() * 0.04 - 0.02)).ToArray()).ToArray();
    }

    static double Distance(float[] a, float[] b) => Math.Sqrt(VectorMath.SquaredDistance(a, b));

    /// <summary>The step each strategy takes from x = 0, with client-3's delta multiplied by <paramref name="scale"/>.</summary>
    static float[] Step(Strategy strategy, float scale)
    {
        var honest = HonestDeltas();
        var replies = Ids.Select((id, i) => FitRounds.Reply(id, i == Hostile ? honest[i].Select(v => v * scale).ToArray() : honest[i], samples: 100)).ToArray();
        var result = FitRounds.Run(strategy, FitRounds.Context(1, new float[Length], Ids), replies);
        Assert.True(result.Aggregated, result.AbortReason);
        return result.Parameters;
    }

    static float[] HonestMean()
    {
        var honest = HonestDeltas().Where((_, i) => i != Hostile).ToArray();
        return VectorMath.WeightedAverage(honest, honest.Select(_ => 1L).ToArray());
    }

    /// <summary>The largest distance of an honest update from the honest mean.</summary>
    static double HonestSpread()
    {
        var mean = HonestMean();
        return HonestDeltas().Where((_, i) => i != Hostile).Max(d => Distance(d, mean));
    }

    static double NormBound() => HonestDeltas().Select(d => VectorMath.Norm(d)).Order().ElementAt(Clients / 2);

    public static TheoryData<string, float> Cases()
    {
        var data = new TheoryData<string, float>();
        foreach (var name in new[] { "median", "trimmed-mean", "krum", "multi-krum", "geometric-median", "norm-bounding" })
            foreach (var scale in new[] { 100f, -100f })
                data.Add(name, scale);
        return data;
    }

    static Strategy Make(string name) => name switch
    {
        "median" => new CoordinateMedian(new CoordinateMedianOptions(), FitRounds.Settings),
        "trimmed-mean" => new TrimmedMean(new TrimmedMeanOptions { Beta = 0.1 }, FitRounds.Settings),
        "krum" => new Krum(new KrumOptions { F = 1, M = 1 }, FitRounds.Settings),
        "multi-krum" => new Krum(new KrumOptions { F = 1, M = Clients - 1 }, FitRounds.Settings),
        "geometric-median" => new GeometricMedian(new GeometricMedianOptions(), FitRounds.Settings),
        "norm-bounding" => new NormBounding(new NormBoundingOptions { NormBound = NormBound() }, FitRounds.Settings),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a robust aggregator of this test"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneHostileUpdateOutOfTenMovesTheStepNoFurtherThanTheHonestSpread(string name, float scale)
    {
        var mean = HonestMean();
        double fedAvg = Distance(Step(new FedAvg(new FedAvgOptions(), FitRounds.Settings), scale), mean);
        double robust = Distance(Step(Make(name), scale), mean);
        double honestNorm = VectorMath.Norm(mean);
        // FedAvg: the hostile delta's tenth, about 10 honest lengths (9.9 or 10.1) from the honest mean.
        Assert.InRange(fedAvg, 9 * honestNorm, 11 * honestNorm);
        double bound = name == "norm-bounding" ? HonestSpread() + 2 * NormBound() / Clients : HonestSpread();
        Assert.True(robust <= bound, $"{name} at x{scale}: {robust} from the honest mean, the bound is {bound} (FedAvg {fedAvg})");
        Assert.True(robust < fedAvg / 30, $"{name} at x{scale}: {robust}, FedAvg {fedAvg}");
    }

    [Fact]
    public void WithoutAnAttackTheRobustStepsStayNearFedAvgs()
    {
        double spread = HonestSpread();
        var fedAvg = Step(new FedAvg(new FedAvgOptions(), FitRounds.Settings), 1f);
        foreach (var name in new[] { "median", "trimmed-mean", "krum", "multi-krum", "geometric-median", "norm-bounding" })
            Assert.True(Distance(Step(Make(name), 1f), fedAvg) <= spread, name);
    }
}
