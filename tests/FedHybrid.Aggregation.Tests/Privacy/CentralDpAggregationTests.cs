using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Aggregation.Tests.Strategies;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Central DP-FedAvg as a mean-delta strategy's mean: the mechanism (clip, sum, noise, fixed denominator),
/// its sensitivity, its seeded noise, the per-round charge, and its checkpoint state.</summary>
public sealed class CentralDpAggregationTests
{
    static readonly string[] Four = ["a", "b", "c", "d"];

    // A coarse PLD grid keeps these tests quick; the figures are compared with accountants on the same grid.
    static CentralDpOptions Options(double clip = 0.5, double sigma = 1.2, CentralDpAdaptiveClipping? adaptive = null) =>
        new(clip, sigma, 1e-5, Seed: 11, adaptive, PldDiscretization: 1e-3);

    static FitReply Fit(string id, float[] delta, long samples = 1) => new(id, delta, samples, 0.5, 10, new Dictionary<string, float[]> { ["delta"] = delta });

    static float[] Vector(int length, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    [Fact]
    public void TheMeanIsTheClippedNoisedUnitWeightSumOverTheInstructedCount()
    {
        var dp = new CentralDpAggregation(Options());
        var replies = new[] { Fit("a", Vector(30, 1, 1), samples: 500), Fit("b", Vector(30, 2, 0.01)), Fit("d", Vector(30, 3, 2)) };
        var result = dp.Aggregate(new RoundContext(3, Four, new float[30]), instructed: 4, replies);

        var sum = new GaussianSumMechanism(0.5, 1.2).NoisedSum(replies.Select(r => r.Delta).ToArray(), CentralDpAggregation.NoiseSource(11, 3), out _);
        // Divided by the 4 instructed (one did not answer), not by the 3 that did; sample counts play no part.
        Assert.Equal(sum.Select(s => (float)(s / 4.0)), result.Mean);
    }

    [Fact]
    public void OneClientMovesTheSumByAtMostTheClipNorm()
    {
        // Neighbouring cohorts under the same noise (same seed and round): the sums differ by one clipped update.
        var others = new[] { Fit("a", Vector(200, 1, 1)), Fit("b", Vector(200, 2, 1)) };
        var outlier = Fit("c", Vector(200, 3, 1000));
        var with = new CentralDpAggregation(Options()).Aggregate(new RoundContext(1, Four, new float[200]), 3, [.. others, outlier]).Mean;
        var without = new CentralDpAggregation(Options()).Aggregate(new RoundContext(1, Four, new float[200]), 3, others).Mean;
        var difference = with.Zip(without, (x, y) => (x - y) * 3f).ToArray();
        Assert.InRange(L2Clipping.Norm(difference), 0.5 * (1 - 1e-4), 0.5 * (1 + 1e-4));
    }

    [Fact]
    public void TheNoiseOnTheMeanHasStddevSigmaTimesClipOverTheCohort()
    {
        var zeros = Enumerable.Range(0, 4).Select(i => Fit(Four[i], new float[40_000])).ToArray();
        var mean = new CentralDpAggregation(Options(clip: 0.5, sigma: 2)).Aggregate(new RoundContext(1, Four, new float[40_000]), 4, zeros).Mean;
        double average = mean.Average(v => (double)v);
        double stddev = Math.Sqrt(mean.Sum(v => (v - average) * (v - average)) / (mean.Length - 1));
        // σS/m = 2 · 0.5 / 4; the sample stddev of 40 000 draws is within 2 % of it far beyond 5 standard errors.
        Assert.InRange(stddev, 0.25 * 0.98, 0.25 * 1.02);
        Assert.InRange(average, -0.25 * 5 / 200, 0.25 * 5 / 200);
    }

    [Fact]
    public void TheNoiseIsFixedBySeedAndRoundAndDiffersAcrossThem()
    {
        float[] Mean(long seed, int round) => new CentralDpAggregation(Options() with { Seed = seed })
            .Aggregate(new RoundContext(round, Four, new float[50]), 4, [Fit("a", Vector(50, 1, 1))]).Mean;
        Assert.Equal(Mean(5, 2), Mean(5, 2));
        Assert.NotEqual(Mean(5, 2), Mean(5, 3));
        Assert.NotEqual(Mean(5, 2), Mean(6, 2));
    }

    [Fact]
    public void SystemNoiseIsNotTheSeedsAndHasTheSameScale()
    {
        var zeros = Enumerable.Range(0, 4).Select(i => Fit(Four[i], new float[40_000])).ToArray();
        float[] Mean(CentralDpNoise noise) => new CentralDpAggregation(Options(clip: 0.5, sigma: 2) with { Noise = noise })
            .Aggregate(new RoundContext(1, Four, new float[40_000]), 4, zeros).Mean;
        var system = Mean(CentralDpNoise.System);
        Assert.NotEqual(Mean(CentralDpNoise.Seeded), system);
        Assert.NotEqual(Mean(CentralDpNoise.System), system);
        double stddev = Math.Sqrt(system.Sum(v => (double)v * v) / system.Length);
        Assert.InRange(stddev, 0.25 * 0.98, 0.25 * 1.02);
    }

    [Fact]
    public void EveryRoundReportsTheAccountantsEpsilonForTheRoundsChargedSoFar()
    {
        var fedAvg = new FedAvg(new FedAvgOptions { FractionFit = 0.5, MinUpdates = 2 }, FitRounds.Settings);
        var dp = new CentralDpAggregation(Options());
        fedAvg.UseAggregation(dp);
        var global = new float[8];
        for (int round = 1; round <= 3; round++)
        {
            var context = new RoundContext(round, Four, global);
            var plan = fedAvg.BeginRound(context);
            var replies = plan.Instructions.Select((c, i) => FitRounds.Reply(c.ClientId, Vector(8, round * 10 + i, 0.3))).ToArray();
            // Round 2 gets one reply, below the quorum: it is not charged and reports round 1's figure again.
            var result = FitRounds.Complete(fedAvg, context, round == 2 ? replies[..1] : replies);
            long charged = round < 3 ? 1 : 2;
            Assert.Equal(round != 2, result.Aggregated);
            Assert.Equal(charged, dp.RoundsAccounted);
            Assert.Equal(new RdpAccountant().ComposePoissonGaussian(0.5, 1.2, charged).Epsilon(1e-5).Epsilon, result.Metrics.Number(RoundMetricKeys.EpsilonRdp));
            Assert.Equal(new PldAccountant(1e-3).ComposePoissonGaussian(0.5, 1.2, charged).Epsilon(1e-5).Epsilon, result.Metrics.Number(RoundMetricKeys.EpsilonPld));
            global = result.Parameters;
        }
    }

    [Fact]
    public void ARestoredAggregationContinuesBitForBit()
    {
        foreach (var adaptive in new CentralDpAdaptiveClipping?[] { null, new(0.5, 0.2, ClippedCountStddev: 2) })
        {
            var first = new CentralDpAggregation(Options(adaptive: adaptive));
            StrategyState state = StrategyState.Empty;
            for (int round = 1; round <= 2; round++)
            {
                state = first.Aggregate(new RoundContext(round, Four, new float[20]), 4, [Fit("a", Vector(20, round, 1)), Fit("b", Vector(20, round + 5, 0.1))]).State;
                first.RestoreState(state); // adopted, as FitStrategy does
            }
            Assert.Equal(state.Describe(), first.SaveState().Describe());
            var resumed = new CentralDpAggregation(Options(adaptive: adaptive));
            resumed.RestoreState(first.SaveState());
            Assert.Equal(first.ClipNorm, resumed.ClipNorm);
            var replies = new[] { Fit("c", Vector(20, 9, 1)) };
            var a = first.Aggregate(new RoundContext(3, Four, new float[20]), 4, replies);
            var b = resumed.Aggregate(new RoundContext(3, Four, new float[20]), 4, replies);
            Assert.Equal(a.Mean, b.Mean);
            Assert.Equal(a.Metrics.Number(RoundMetricKeys.EpsilonPld), b.Metrics.Number(RoundMetricKeys.EpsilonPld));
            Assert.Equal(a.State.Scalars.Number("central-dp.rounds"), b.State.Scalars.Number("central-dp.rounds"));
        }
    }

    [Fact]
    public void AdaptiveClippingIsAndrewEtAlsRoundWithTheChargedSigmaSplit()
    {
        var adaptive = new CentralDpAdaptiveClipping(TargetQuantile: 0.6, LearningRate: 0.3, ClippedCountStddev: 2);
        var dp = new CentralDpAggregation(Options(clip: 0.5, sigma: 1.2, adaptive));
        var replies = new[] { Fit("a", Vector(20, 1, 1)), Fit("b", Vector(20, 2, 0.01)), Fit("c", Vector(20, 3, 0.02)) };
        var result = dp.Aggregate(new RoundContext(1, Four, new float[20]), 4, replies);

        var reference = new AdaptiveClipping(new AdaptiveClippingOptions(0.5, 1.2, 4, 2, 0.6, 0.3))
            .Round(replies.Select(r => r.Delta).ToArray(), CentralDpAggregation.NoiseSource(11, 1));
        Assert.Equal(reference.NoisedSum.Select(s => (float)(s / 4.0)), result.Mean);
        Assert.Equal(reference.NextClipNorm, result.State.Scalars.Number("central-dp.clip_norm"));
        Assert.NotEqual(0.5, reference.NextClipNorm);
        // The accountants charge σ = 1.2 for the pair of queries; the update sum gets the larger σ_Δ.
        Assert.Equal(AdaptiveClipping.UpdateNoiseFor(1.2, 2), dp.Options.UpdateNoiseMultiplierFor(4));
        Assert.True(dp.Options.UpdateNoiseMultiplierFor(4) > 1.2);
        Assert.Equal(new RdpAccountant().ComposePoissonGaussian(1, 1.2, 1).Epsilon(1e-5).Epsilon, result.Metrics.Number(RoundMetricKeys.EpsilonRdp));
        // Without σ_b given, the paper's m/20: 0.2 for 4 clients, which is not above σ/2, so the round is refused.
        var bare = new CentralDpAggregation(Options(adaptive: new CentralDpAdaptiveClipping()));
        Assert.Throws<ArgumentOutOfRangeException>(() => bare.Aggregate(new RoundContext(1, Four, new float[20]), 4, replies));
    }

    [Fact]
    public void RestoreRefusesAStateItDidNotWrite()
    {
        var dp = new CentralDpAggregation(Options());
        var saved = dp.Aggregate(new RoundContext(1, Four, new float[4]), 4, [Fit("a", [1, 2, 3, 4])]).State;
        var adaptive = new CentralDpAggregation(Options(adaptive: new CentralDpAdaptiveClipping(ClippedCountStddev: 2)));
        var message = Assert.Throws<ArgumentException>(() => adaptive.RestoreState(saved)).Message;
        Assert.Contains("central-dp.clip_norm", message);
        var foreign = new StrategyState(saved.Scalars.With("central-dp.moment", 1.0), new Dictionary<string, float[]>());
        Assert.Contains("central-dp.moment", Assert.Throws<ArgumentException>(() => dp.RestoreState(foreign)).Message);
        var negative = new StrategyState(saved.Scalars.With("central-dp.sampling_rate", -0.5), new Dictionary<string, float[]>());
        Assert.Contains("sampling_rate", Assert.Throws<ArgumentException>(() => dp.RestoreState(negative)).Message);
    }

    [Fact]
    public void ASamplingRateOtherThanTheOneChargedSoFarIsRefused()
    {
        var dp = new CentralDpAggregation(Options());
        dp.RestoreState(dp.Aggregate(new RoundContext(1, Four, new float[4]), 4, [Fit("a", [1, 2, 3, 4])]).State);
        var message = Assert.Throws<InvalidOperationException>(() => dp.Aggregate(new RoundContext(2, Four, new float[4]), 2, [Fit("a", [1, 2, 3, 4])])).Message;
        Assert.Contains("q = 0.5", message);
    }

    [Fact]
    public void OnlyAMeanDeltaStrategyThatDoesNotClipItselfTakesIt()
    {
        var krum = StrategyRegistry.Find("krum").Create(StrategyRegistry.Find("krum").DefaultOptions(), FitRounds.Settings);
        var refusal = Assert.Throws<InvalidOperationException>(() => ((FitStrategy)krum).UseAggregation(new CentralDpAggregation(Options()))).Message;
        Assert.Contains("uses each update", refusal);
        var bounding = StrategyRegistry.Find("norm-bounding").Create(StrategyRegistry.Find("norm-bounding").DefaultOptions(), FitRounds.Settings);
        Assert.Contains("clips each update itself", ((FitStrategy)bounding).AggregationRefusal(new CentralDpAggregation(Options())));
    }

    [Theory]
    [InlineData(0, 1.0, 1e-5)]
    [InlineData(1.0, 0, 1e-5)]
    [InlineData(1.0, 1.0, 0)]
    [InlineData(1.0, 1.0, 1)]
    public void RefusesSettingsWithoutAGuarantee(double clip, double sigma, double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CentralDpAggregation(new CentralDpOptions(clip, sigma, delta, 1)));
}
