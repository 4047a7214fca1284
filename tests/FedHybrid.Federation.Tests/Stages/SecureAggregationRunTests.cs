using FedHybrid.Aggregation.Privacy;
using FedHybrid.Aggregation.SecureAggregation.Protocol;
using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;
using FedHybrid.Crypto.Suites;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Client.Stages.SecureAggregation;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Security;

namespace FedHybrid.Federation.Tests.Stages;

/// <summary>
/// Whole SecAgg+ runs in process, over real keys and envelopes: the coordinator relays sealed shares and
/// adds masked vectors, and the model it ends with is FedAvg's over the clients that sent a masked input,
/// within the quantization bound, whoever dropped at which stage; too many dropouts abort the round with
/// its reason, keep the model, and the next round runs. Both agreements (X25519 and, for the post-quantum
/// suite, X-Wing) recover a dropped client's pairwise masks, whether it is the lower or the higher id.
/// </summary>
public sealed class SecureAggregationRunTests
{
    const int Parameters = 8;

    // Client i (0-based) moves every weight by Steps[i] on Samples[i] examples; client-6's step is outside
    // the clipping range c = 1 and is clipped to 1 (and counted). Eight clients: Bell et al.'s choice is the
    // complete graph with t = 4.
    static readonly float[] Steps = [0.05f, -0.1f, 0.15f, 0.2f, -0.25f, 2.5f, 0.3f, -0.05f];
    static readonly long[] Samples = [10, 20, 30, 40, 50, 60, 70, 80];
    static readonly int[] Everyone = [0, 1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public async Task WithNoDropoutTheModelIsTheSampleWeightedMeanOfTheClippedUpdates()
    {
        var (run, rounds) = await RunAsync(SuiteId.HpkeX25519Aes256Gcm, rounds: 2, drop: (_, _, _) => null);
        using (run)
        {
            double expected = ExpectedStep(Everyone);
            Assert.All(rounds, r => Assert.True(r.Aggregated, r.AbortReason));
            Assert.Equal(2 * expected, rounds[^1].TestAccuracy, 1e-5);
            Assert.Equal("advertise-keys+share-keys+masked-fit+unmask", rounds[0].Stages);
            // Client 6 clipped all of its values, every round, and no one else clipped any.
            Assert.All(rounds, r => Assert.Equal(Parameters, r.ValuesClipped));
            var clients = CsvTable.Read<ClientRoundRecord>(Path.Combine(run.Directory, "clients.csv"));
            Assert.All(clients.Where(c => c.Stage == SecAggProtocol.MaskedFitStage),
                c => Assert.Equal(c.ClientId == "client-6" ? Parameters : 0, c.ValuesClipped));
        }
    }

    [Theory]
    [InlineData(SuiteId.HpkeX25519Aes256Gcm)]
    [InlineData(SuiteId.PqXWingAes256Gcm)]
    public async Task ClientsThatDropAtAnyStageAreLeftOutOrUnmaskedAndTheSumIsStillExact(SuiteId suite)
    {
        // Round 1: client-2 never shares keys, client-3 drops before its masked input (after its shares went
        // out: its pairwise masks with survivors must be removed), client-5 sends its masked input but not its
        // unmask shares (it is in the sum; its neighbours reveal its self-mask seed).
        var (run, rounds) = await RunAsync(suite, rounds: 1, drop: (client, _, stage) =>
            (client, stage) switch
            {
                (1, SecAggProtocol.ShareKeysStage) => "dropped",
                (2, SecAggProtocol.MaskedFitStage) => "dropped",
                (4, SecAggProtocol.UnmaskStage) => "dropped",
                _ => null,
            });
        using (run)
        {
            var round = Assert.Single(rounds);
            Assert.True(round.Aggregated, round.AbortReason);
            Assert.Equal(ExpectedStep([0, 3, 4, 5, 6, 7]), round.TestAccuracy, 1e-5);
            Assert.Equal(3, round.Missing);
        }
    }

    [Fact]
    public async Task TooManyDropoutsAbortTheRoundKeepTheModelAndTheNextRoundRuns()
    {
        // In round 1 five of eight clients drop before their masked inputs, leaving three survivors, fewer than t = 4.
        var (run, rounds) = await RunAsync(SuiteId.HpkeX25519Aes256Gcm, rounds: 2, drop: (client, round, stage) =>
            stage == SecAggProtocol.MaskedFitStage && client < 5 && round == 1 ? "dropped" : null);
        using (run)
        {
            Assert.False(rounds[0].Aggregated);
            Assert.Contains("secure aggregation aborted at masked-fit", rounds[0].AbortReason);
            Assert.Contains("fewer than the threshold", rounds[0].AbortReason);
            Assert.Equal(0, rounds[0].TestAccuracy); // the initial model, kept
            Assert.True(rounds[1].Aggregated, rounds[1].AbortReason);
            Assert.Equal(ExpectedStep(Everyone), rounds[1].TestAccuracy, 1e-5);
        }
    }

    [Theory]
    [InlineData(DistributedNoise.DiscreteGaussian, 32)]
    [InlineData(DistributedNoise.Skellam, 20)]
    public async Task UnderDistributedDpTheModelIsTheNoisyMeanOfTheL2ClippedUpdatesAndEpsilonIsCharged(DistributedNoise noise, int bits)
    {
        // z = 0.01: the noise on the mean has standard deviation z·c/n = 0.00125 per weight. Client-3 drops before its
        // masked input in round 2: seven noise shares, so round 2 costs more than round 1; the mean still divides by 8.
        const double clip = 1.0, z = 0.01;
        var settings = new DistributedDpSettings(clip, z, noise, Delta: 1e-5, ExpectedCohort: Steps.Length);
        var (run, rounds) = await RunAsync(SuiteId.HpkeX25519Aes256Gcm, rounds: 2,
            drop: (client, round, stage) => client == 3 && round == 2 && stage == SecAggProtocol.MaskedFitStage ? "dropped" : null,
            options => options with { Bits = bits, DistributedDp = settings });
        using (run)
        {
            Assert.All(rounds, r => Assert.True(r.Aggregated, r.AbortReason));
            double L2Clipped(int i) => Steps[i] * Math.Min(1, clip / (Math.Abs(Steps[i]) * Math.Sqrt(Parameters)));
            double first = Everyone.Sum(L2Clipped) / Steps.Length;
            double second = Everyone.Where(i => i != 3).Sum(L2Clipped) / Steps.Length;
            double sd = z * clip / Steps.Length;
            Assert.InRange(rounds[0].TestAccuracy - first, -6 * sd, 6 * sd);
            Assert.InRange(rounds[1].TestAccuracy - first - second, -6 * Math.Sqrt(2) * sd, 6 * Math.Sqrt(2) * sd);
            var mechanism = new DistributedDpMechanism(settings, bits, Parameters);
            var ledger = new DistributedDpLedger(mechanism).Charge(8, 1.0);
            Assert.Equal(ledger.Epsilon(), rounds[0].EpsilonRdp, 1e-12);
            Assert.Equal(ledger.Charge(7, 1.0).Epsilon(), rounds[1].EpsilonRdp, 1e-12);
            Assert.True(rounds[1].EpsilonRdp > 2 * rounds[0].EpsilonRdp * 0.9);
            Assert.All(rounds, r => Assert.True(double.IsNaN(r.EpsilonPld)));
            Assert.All(rounds, r => Assert.Equal(0, r.ValuesClipped));
        }
    }

    [Fact]
    public void StrategiesThatNeedEachUpdateOrTwoVectorsAreRefusedWithTheirReason()
    {
        var recovery = new MaskingPairSeedRecovery("run-t", FedHybrid.Crypto.Agreement.MaskingAgreement.X25519);
        foreach (var name in new[] { "median", "trimmed-mean", "krum", "geometric-median", "scaffold", "fednova" })
        {
            var descriptor = StrategyRegistry.Find(name);
            var strategy = (FitStrategy)descriptor.Create(descriptor.DefaultOptions(), new FitSettings(1, 8, 0.1));
            var error = Assert.Throws<InvalidOperationException>(() => strategy.UseSecureAggregation(new SecureAggregationOptions(), recovery));
            Assert.Contains($"'{name}'", error.Message);
        }
    }

    [Fact]
    public void ALowOrderMaskingKeyMakesRecoveryRefuseWithAnArgumentExceptionTheRoundCanAbortOn()
    {
        // A malicious survivor that advertised the all-zero X25519 point: recomputing its pair with a
        // dropped client must not throw a crypto exception past the round (the engine would stop).
        var recovery = new MaskingPairSeedRecovery("run-t", FedHybrid.Crypto.Agreement.MaskingAgreement.X25519);
        var error = Assert.Throws<ArgumentException>(() => recovery.PairSeed(1, new byte[32].Select((_, i) => (byte)(i + 1)).ToArray(),
            "client-1", "client-2", new byte[recovery.MaskingKeySize], []));
        Assert.Contains("low-order", error.Message);
    }

    /// <summary>The FedAvg step over <paramref name="clients"/>: their clipped steps weighted by sample count.</summary>
    static double ExpectedStep(int[] clients) =>
        clients.Sum(i => Samples[i] * Math.Clamp((double)Steps[i], -1, 1)) / clients.Sum(i => (double)Samples[i]);

    /// <summary>Eight clients under FedAvg with secure aggregation; <paramref name="drop"/> names, per client
    /// index, round and stage, the stages a client skips (a dropout: it does not answer).</summary>
    static async Task<(InProcessRun Run, IReadOnlyList<RoundMetrics> Rounds)> RunAsync(SuiteId suite, int rounds, Func<int, int, string, string?> drop,
        Func<SecureAggregationOptions, SecureAggregationOptions>? configure = null)
    {
        var strategy = new FedAvg(new FedAvgOptions { MinUpdates = 2 }, new FitSettings(1, 8, 0.1, Seed: 3));
        var options = new SecureAggregationOptions { MaxCohort = Steps.Length, ClipRange = 1.0 };
        strategy.UseSecureAggregation(configure?.Invoke(options) ?? options,
            new MaskingPairSeedRecovery("run-t", FedHybrid.Crypto.Agreement.MaskingAgreement.ForSuite(suite)));
        var run = new InProcessRun(Steps.Length, Parameters, rounds, strategy, deadline: TimeSpan.FromSeconds(4), new TestKeys(Steps.Length, suite));
        await run.RunAsync(i => new FakeTrainer(Parameters, Steps[i], Samples[i]),
            i => [new FitHandler(), new EvaluateHandler(), .. SecAggClientState.Handlers().Select(h => (IStageHandler)new Dropping(h, i, drop))]);
        return (run, run.Engine.Rounds);
    }

    /// <summary>A handler that does not answer where the test says so.</summary>
    sealed class Dropping(IStageHandler inner, int client, Func<int, int, string, string?> drop) : IStageHandler
    {
        public string Stage => inner.Stage;

        public Task<StageAnswer> HandleAsync(StageWork work, CancellationToken cancellationToken)
        {
            return drop(client, work.Task.Round, Stage) is { } why ? throw new StageConfigException($"{why} (test)") : inner.HandleAsync(work, cancellationToken);
        }
    }
}
